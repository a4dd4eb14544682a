package io.klaxon.domain.signal;

import io.micronaut.serde.annotation.Serdeable;

/** What the source says about the underlying problem. */
@Serdeable
public enum SignalStatus {
    FIRING, RECOVERED;

    /** The bus {@code detail-type} a signal of this status travels under. */
    public String detailType() {
        return this == FIRING ? BusContract.ALERT_FIRED : BusContract.ALERT_RECOVERED;
    }
}
