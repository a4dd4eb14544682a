package io.klaxon.deliver;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import java.time.Instant;
import java.util.List;

/** Lifecycle events of one alert occurrence, as the workflow publishes them. */
final class Events {

    static final String ALERT_ID = "0b7c1f5e-3d1a-4a43-9a55-2f0e6f1c9d10";

    private Events() {
    }

    static Notice notice(LifecycleEventType type) {
        return notice(type, "db-cpu-high on prod-db-1", "database");
    }

    static Notice notice(LifecycleEventType type, String title, String route) {
        AlertState state = switch (type) {
            case CLAIMED -> AlertState.CLAIMED;
            case RESOLVED -> AlertState.RESOLVED;
            case SNOOZED -> AlertState.SNOOZED;
            default -> AlertState.UNCLAIMED;
        };
        Actor actor = type == LifecycleEventType.CLAIMED || type == LifecycleEventType.RESOLVED
                ? Actor.slack("UALICE", "alice") : Actor.SYSTEM;
        var event = new LifecycleEvent("1", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:db-cpu-high",
                ALERT_ID, 3, state, actor, Instant.parse("2026-11-24T03:12:00Z"), route,
                type == LifecycleEventType.ESCALATED ? 1 : 0, false, "C0DB", "1700000000.000100",
                type == LifecycleEventType.CLAIMED || type == LifecycleEventType.RESOLVED ? 125L : null,
                type == LifecycleEventType.RESOLVED ? 3725L : null, title, Severity.CRITICAL, "cloudwatch-alarm", 0, false,
                List.of(new Link("CloudWatch alarm", "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/db-cpu-high")));
        String raw = "{\"version\":\"0\",\"id\":\"ev-" + type.name().toLowerCase() + "\",\"source\":\"klaxon\","
                + "\"detail-type\":\"" + type.detailType() + "\",\"detail\":{\"alertId\":\"" + ALERT_ID + "\"}}";
        return new Notice(type, event, "ev-" + type.name().toLowerCase(), raw);
    }
}
