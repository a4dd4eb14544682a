package io.klaxon.domain.signal;

/** Names of the public bus contract (v1). Users write EventBridge rules against these strings. */
public final class BusContract {
    public static final String SOURCE = "klaxon";
    public static final String SCHEMA_VERSION = "1";
    public static final String ALERT_FIRED = "Alert Fired";
    public static final String ALERT_RECOVERED = "Alert Recovered";

    private BusContract() {
    }
}
