package io.klaxon.deliver;

import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import java.util.Objects;

/**
 * One lifecycle event as a destination receives it.
 *
 * @param type    what happened (from the event's detail-type)
 * @param event   the event's detail
 * @param eventId the EventBridge event id: the same on every retry of one delivery, so receivers
 *                can drop repeats (it travels as the idempotency key)
 * @param raw     the event exactly as it was on the bus, for destinations that forward it whole
 */
public record Notice(LifecycleEventType type, LifecycleEvent event, String eventId, String raw) {

    public Notice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * The change this notice tells, as Klaxon names it: every change of an alert has its own version and
     * at most one lifecycle event. The ledger remembers deliveries by it rather than by {@link #eventId}: a
     * change put on the bus twice (a PutEvents repeated after its answer was lost, by the SDK or the
     * workflow's retry) arrives under two EventBridge ids, and a destination must hear it once.
     */
    public String changeKey() {
        return event.alertId() + "/v" + event.version() + "/" + type.name();
    }
}
