package io.klaxon.domain.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code detail} of a lifecycle event on the bus ("Alert Opened", "Alert Claimed", …), bus
 * contract v1. Schema: {@code schemas/lifecycle-event.v1.json}.
 *
 * <p>{@code deliveryFailing} and {@code links} were added within v1: an event stored before them
 * reads as {@code false} and {@code []}. {@code links} are the signal's console deep links
 * (partition-aware), so destinations beyond Slack can point at the source too. {@code flapping} and
 * {@code reopens} were added within v1 too (absent reads as {@code false} and {@code 0}): an "Alert
 * Opened" with {@code reopens > 0} is an auto-resolved occurrence its alarm opened again.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LifecycleEvent(
        String schemaVersion,
        String alertKey,
        String alertId,
        long version,
        AlertState state,
        Actor actor,
        Instant at,
        @Nullable String route,
        int escalationLevel,
        boolean page,
        @Nullable String channel,
        @Nullable String ts,
        @Nullable Long secondsToClaim,
        @Nullable Long secondsToResolve,
        String title,
        Severity severity,
        String sourceKind,
        int refireCount,
        boolean deliveryFailing,
        @Nullable List<Link> links,
        boolean flapping,
        int reopens) {

    public LifecycleEvent {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** An event as published before flapping and reopens were on it. */
    public LifecycleEvent(String schemaVersion, String alertKey, String alertId, long version, AlertState state,
                          Actor actor, Instant at, @Nullable String route, int escalationLevel, boolean page,
                          @Nullable String channel, @Nullable String ts, @Nullable Long secondsToClaim,
                          @Nullable Long secondsToResolve, String title, Severity severity, String sourceKind,
                          int refireCount, boolean deliveryFailing, @Nullable List<Link> links) {
        this(schemaVersion, alertKey, alertId, version, state, actor, at, route, escalationLevel, page, channel, ts,
                secondsToClaim, secondsToResolve, title, severity, sourceKind, refireCount, deliveryFailing, links,
                false, 0);
    }

    public static LifecycleEvent of(Alert alert, Actor actor, Instant at) {
        boolean page = alert.escalationLevel() > 0 && alert.policy().level(alert.escalationLevel()).page();
        return new LifecycleEvent(BusContract.SCHEMA_VERSION, alert.alertKey(), alert.alertId(), alert.version(),
                alert.state(), actor, at, alert.policy().route(), alert.escalationLevel(), page, alert.channel(),
                alert.messageTs(), seconds(alert.timeToClaim()), seconds(alert.timeToResolve()),
                alert.signal().title(), alert.signal().severity(), alert.signal().sourceKind(), alert.refireCount(),
                alert.deliveryFailing(), alert.signal().links(), alert.flapping(), alert.flapsOrNone().reopens());
    }

    public BusEvent<LifecycleEvent> onBus(LifecycleEventType type) {
        return new BusEvent<>(BusContract.SOURCE, type.detailType(), this);
    }

    private static Long seconds(@Nullable Duration d) {
        return d == null ? null : d.toSeconds();
    }
}
