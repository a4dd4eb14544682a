package io.klaxon.deliver;

/**
 * Remembers which destination already took which event, so that a retried invocation (Lambda retries
 * the whole event when any destination failed) delivers only to the ones still missing it.
 */
public interface DeliveryLedger {

    boolean delivered(String eventId, String destination);

    void record(String eventId, String destination);

    /**
     * The highest alert version this destination took for the alert, or -1: for destinations that
     * keep state (a PagerDuty incident), where an older event arriving late must not undo a newer one.
     */
    long latestVersion(String alertId, String destination);

    /** Remembers that the destination took {@code version} of the alert (keeps the highest). */
    void recordVersion(String alertId, String destination, long version);
}
