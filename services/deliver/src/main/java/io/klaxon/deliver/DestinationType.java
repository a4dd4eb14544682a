package io.klaxon.deliver;

import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.core.annotation.Nullable;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of destination Klaxon mirrors the lifecycle to, with what each hears by default.
 *
 * <p>A pager hears what changes the incident (open, escalate, acknowledge, resolve). A chat webhook
 * cannot edit what it posted, so it hears the opening, escalations and a short follow-up for the
 * claim and the resolution; a generic webhook hears everything, so a receiver can mirror any state.
 */
public enum DestinationType {
    PAGERDUTY("https://events.pagerduty.com/v2/enqueue",
            EnumSet.of(LifecycleEventType.OPENED, LifecycleEventType.ESCALATED, LifecycleEventType.CLAIMED,
                    LifecycleEventType.RESOLVED)),
    TEAMS(null, chat()),
    DINGTALK("https://oapi.dingtalk.com/robot/send", chat()),
    FEISHU(null, chat()),
    WECOM(null, chat()),
    WEBHOOK(null, EnumSet.allOf(LifecycleEventType.class)),
    EMAIL(null, EnumSet.of(LifecycleEventType.OPENED, LifecycleEventType.ESCALATED, LifecycleEventType.RESOLVED));

    @Nullable
    private final String defaultUrl;
    private final Set<LifecycleEventType> defaultEvents;

    DestinationType(@Nullable String defaultUrl, Set<LifecycleEventType> defaultEvents) {
        this.defaultUrl = defaultUrl;
        this.defaultEvents = Set.copyOf(defaultEvents);
    }

    private static Set<LifecycleEventType> chat() {
        return EnumSet.of(LifecycleEventType.OPENED, LifecycleEventType.ESCALATED, LifecycleEventType.CLAIMED,
                LifecycleEventType.RESOLVED);
    }

    /** Where it delivers when the destination names no {@code url}; null when a URL is required. */
    @Nullable
    public String defaultUrl() {
        return defaultUrl;
    }

    public Set<LifecycleEventType> defaultEvents() {
        return defaultEvents;
    }

    /** The name used in configuration files ({@code pagerduty}, {@code dingtalk}, …). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DestinationType fromWire(String wire) {
        for (DestinationType type : values()) {
            if (type.wire().equals(wire)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown destination type '" + wire + "'");
    }
}
