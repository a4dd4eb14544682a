package io.klaxon.ingest;

import java.time.Instant;

/**
 * An earlier delivery of a signal marked it and may still be publishing it: this delivery neither
 * publishes (it would double the signal while the other is fine) nor drops it (the other may have
 * died). It fails, nothing of it stays marked, and the source's retry (Lambda's async retry comes a
 * minute or more later, past the lease) publishes the signal or finds it published.
 */
public class SignalInFlightException extends RuntimeException {

    public SignalInFlightException(String alertKey, Instant leaseUntil) {
        super("signal of alertKey=\"" + alertKey + "\" is being published by an earlier delivery, whose lease runs until "
                + leaseUntil + "; deliver it again after that");
    }
}
