package io.klaxon.deliver;

/**
 * Remembers which destination already took which event, so that a retried invocation (Lambda retries
 * the whole event when any destination failed) delivers only to the ones still missing it.
 */
public interface DeliveryLedger {

    boolean delivered(String eventId, String destination);

    void record(String eventId, String destination);
}
