package io.klaxon.deliver;

/**
 * Remembers which destination already took which event, so that a retried invocation (Lambda retries
 * the whole event when any destination failed) delivers only to the ones still missing it.
 */
public interface DeliveryLedger {

    /** @param change the change the event tells ({@link Notice#changeKey()}) */
    boolean delivered(String change, String destination);

    void record(String change, String destination);

    /**
     * The highest alert version this destination took for the alert, or -1: for destinations that
     * keep state (a PagerDuty incident), where an older event arriving late must not undo a newer one.
     */
    long latestVersion(String alertId, String destination);

    /**
     * Takes {@code version} of the alert for the destination before it is told, unless a newer
     * version was taken first: one atomic step, so that two changes told at once (a claim and the
     * resolve right after it, published by different executions) cannot both pass a check and reach
     * the incident in the wrong order. Taking the same version again (a retried delivery) succeeds.
     *
     * @return the version taken before this call (-1: none), or, when a newer one was taken first,
     *         that newer version (greater than {@code version}: the caller must not tell this one)
     */
    long takeVersion(String alertId, String destination, long version);

    /**
     * Whether the destination took a trigger for the alert: its opening, or the trigger sent ahead of
     * an acknowledge or resolve that was the incident's first word. A retried event asks this, not the
     * versions, whether the incident exists there (the version it took on its first try hides what
     * was taken before it).
     */
    boolean opened(String alertId, String destination);

    /** Records that the destination took a trigger for the alert; doing it again changes nothing. */
    void recordOpened(String alertId, String destination);
}
