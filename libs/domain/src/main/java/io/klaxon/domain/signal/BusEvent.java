package io.klaxon.domain.signal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An event as it is put on the bus: what {@code ./klaxon normalize} prints and what PutEvents sends.
 *
 * @param <D> the type of {@code detail}
 */
@Serdeable
public record BusEvent<D>(
        String source,
        @JsonProperty("detail-type") String detailType,
        D detail) {

    public static BusEvent<AlertSignal> of(AlertSignal signal) {
        return new BusEvent<>(BusContract.SOURCE, signal.status().detailType(), signal);
    }
}
