package io.klaxon.ingest.envelope;

import io.klaxon.ingest.signal.Fingerprints;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * Where a message came from: the envelope facts that normalizers may need beside the message itself.
 *
 * @param where       a path into the input for messages and reasons, e.g. {@code Records[2].Sns}
 * @param deliveryId  the SNS MessageId or SQS messageId; null for a bare message
 * @param topicArn    the SNS topic; null when not delivered by SNS
 * @param subject     the SNS Subject; null when absent or blank
 * @param deliveredAt the SNS Timestamp or SQS SentTimestamp; null when unknown
 * @param attributes  string message attributes (SNS MessageAttributes, SQS messageAttributes)
 * @param content     the text the message was read from; fingerprinted when no id is available
 */
public record Origin(
        String where,
        @Nullable String deliveryId,
        @Nullable String topicArn,
        @Nullable String subject,
        @Nullable Instant deliveredAt,
        Map<String, String> attributes,
        String content) {

    public Origin {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        subject = subject == null || subject.isBlank() ? null : subject.strip();
    }

    /** A message with no envelope (MSG-ONLY, a bare EventBridge event, a Lambda alarm action). */
    public static Origin bare(String where, String content) {
        return new Origin(where, null, null, null, null, Map.of(), content);
    }

    /** The same origin for a nested part with its own content (an event inside an SNS message …). */
    public Origin withContent(String where, String nestedContent) {
        return new Origin(where, deliveryId, topicArn, subject, deliveredAt, attributes, nestedContent);
    }

    /**
     * The signal id: the source's own id when it has one, else the delivery's id, else a fingerprint
     * of the content, so that a redelivery of the same bytes gets the same id.
     */
    public String signalId(@Nullable String sourceId) {
        if (sourceId != null && !sourceId.isBlank()) {
            return sourceId.strip();
        }
        if (deliveryId != null && !deliveryId.isBlank()) {
            return deliveryId;
        }
        return "content-" + Fingerprints.of(content);
    }
}
