package io.klaxon.domain.signal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The one envelope of an event on the Klaxon bus, both ways: what {@code ./klaxon normalize} prints,
 * what PutEvents sends (ingest's signals, the workflow's lifecycle events) and what a rule target
 * receives (the fields a target reads; EventBridge adds more, which are ignored).
 *
 * @param id the EventBridge event id when received (for logs); null when publishing
 * @param <D> the type of {@code detail}
 */
@Serdeable
public record BusEvent<D>(
        String source,
        @JsonProperty("detail-type") String detailType,
        D detail,
        @Nullable String id) {

    public BusEvent(String source, String detailType, D detail) {
        this(source, detailType, detail, null);
    }

    public static BusEvent<AlertSignal> of(AlertSignal signal) {
        return new BusEvent<>(BusContract.SOURCE, signal.status().detailType(), signal);
    }
}
