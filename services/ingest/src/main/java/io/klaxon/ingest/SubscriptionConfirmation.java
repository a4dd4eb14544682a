package io.klaxon.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An SNS {@code SubscriptionConfirmation} or {@code UnsubscribeConfirmation} delivered to an HTTP(S)
 * endpoint. It is not an alert: the caller decides what to do (the local runtime logs the URL and
 * answers 200; a deployed endpoint would visit {@code subscribeUrl}).
 *
 * <p>The URL embeds the confirmation token: log the topic, not the URL, outside a local run.
 *
 * @param type         {@code SubscriptionConfirmation} or {@code UnsubscribeConfirmation}
 * @param topicArn     the topic that asks
 * @param subscribeUrl the URL that confirms (re-)subscription; null when the message lacks it
 * @param messageId    the SNS message id
 */
@Serdeable
public record SubscriptionConfirmation(
        String type,
        @Nullable String topicArn,
        @Nullable String subscribeUrl,
        @Nullable String messageId) {

    public boolean isUnsubscribe() {
        return "UnsubscribeConfirmation".equals(type);
    }
}
