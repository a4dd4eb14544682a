package io.klaxon.domain.port;

/**
 * The changes whose lifecycle event went on the bus ahead of the Slack step that tells them (ADR 0012
 * amendment): while Slack fails a step, its event is published at once, so that destinations, above all
 * a pager, hear the change during a Slack outage. The step that gets through later reads this and does
 * not publish the event a second time. A change is named by its alert and the alert version it made
 * (its timeline entry's {@code version}): one change per version.
 */
public interface PublishedAhead {

    /** Whether the event of the change that made {@code version} of the alert is on the bus already. */
    boolean contains(String alertId, long version);

    /** Remembers that the event of that change is on the bus. */
    void record(String alertId, long version);
}
