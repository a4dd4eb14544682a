package io.klaxon.domain.testing;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.SignalMark;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fake of the store port for unit tests: same contract as the DynamoDB store, one lock. */
public class InMemoryAlertStore implements AlertStore {

    private final Map<String, Alert> alerts = new HashMap<>();
    private final Map<String, String> openByKey = new HashMap<>();
    private final Map<String, String> lastByKey = new HashMap<>();
    private final Map<String, List<TimelineEntry>> timelines = new HashMap<>();
    private final Map<String, SeenMark> seenSignals = new HashMap<>();
    private final Map<String, Instant> postIntents = new HashMap<>();
    private final Map<String, AlertSignal> recoveries = new HashMap<>();
    private final Map<String, Instant> recoveriesExpire = new HashMap<>();

    @Override
    public synchronized CreateResult create(Alert alert, TimelineEntry entry, @Nullable Alert lastRead) {
        String open = openByKey.get(alert.alertKey());
        if (open != null) {
            return new KeyTaken(alerts.get(open));
        }
        Alert last = Optional.ofNullable(lastByKey.get(alert.alertKey())).map(alerts::get).orElse(null);
        if (last == null ? lastRead != null
                : lastRead == null || !last.alertId().equals(lastRead.alertId()) || last.revision() != lastRead.revision()) {
            return new LastChanged();
        }
        alerts.put(alert.alertId(), alert);
        openByKey.put(alert.alertKey(), alert.alertId());
        lastByKey.put(alert.alertKey(), alert.alertId());
        timelines.computeIfAbsent(alert.alertId(), id -> new ArrayList<>()).add(entry);
        return new Created(alert);
    }

    @Override
    public synchronized Optional<Alert> get(String alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    @Override
    public synchronized Optional<Alert> findOpen(String alertKey) {
        return Optional.ofNullable(openByKey.get(alertKey)).map(alerts::get);
    }

    @Override
    public synchronized Optional<Alert> findLast(String alertKey) {
        return Optional.ofNullable(lastByKey.get(alertKey)).map(alerts::get);
    }

    @Override
    public synchronized boolean reopen(Alert next, long expectedRevision, TimelineEntry entry) {
        Alert current = alerts.get(next.alertId());
        if (current == null || current.revision() != expectedRevision || openByKey.containsKey(next.alertKey())) {
            return false;
        }
        alerts.put(next.alertId(), next.withRevision(expectedRevision + 1));
        openByKey.put(next.alertKey(), next.alertId());
        timelines.computeIfAbsent(next.alertId(), id -> new ArrayList<>()).add(entry);
        return true;
    }

    @Override
    public synchronized boolean replace(Alert next, long expectedRevision, TimelineEntry entry) {
        Alert current = alerts.get(next.alertId());
        if (current == null || current.revision() != expectedRevision) {
            return false;
        }
        next = next.withRevision(expectedRevision + 1);
        alerts.put(next.alertId(), next);
        if (!next.state().isOpen()) {
            openByKey.remove(next.alertKey(), next.alertId());
        }
        if (entry != null) {
            timelines.computeIfAbsent(next.alertId(), id -> new ArrayList<>()).add(entry);
        }
        return true;
    }

    @Override
    public synchronized OpenAlerts openAlerts(String route, int limit) {
        List<Alert> open = alerts.values().stream()
                .filter(a -> a.state().isOpen() && route.equals(a.policy().route()))
                .sorted(java.util.Comparator.comparing(Alert::openedAt).reversed())
                .toList();
        return new OpenAlerts(open.stream().limit(limit).toList(), open.size());
    }

    @Override
    public synchronized List<TimelineEntry> timeline(String alertId) {
        return List.copyOf(timelines.getOrDefault(alertId, List.of()));
    }

    @Override
    public synchronized SignalMark markSignal(String signalId, String token, Instant now, Instant leaseUntil,
                                              Instant expiresAt) {
        SeenMark old = seenSignals.get(signalId);
        // The DynamoDB store's condition, at its resolutions: expiry in epoch seconds, the lease in milliseconds.
        boolean absent = old == null || old.expiresAt().getEpochSecond() < now.getEpochSecond();
        boolean stale = !absent && old.publishingUntil() != null
                && old.publishingUntil().toEpochMilli() < now.toEpochMilli();
        if (absent || stale) {
            seenSignals.put(signalId, new SeenMark(token, expiresAt, leaseUntil));
            return new SignalMark.Held(stale);
        }
        if (old.token().equals(token)) {
            return new SignalMark.Held(false);
        }
        return old.publishingUntil() == null ? new SignalMark.Published() : new SignalMark.InFlight(old.publishingUntil());
    }

    @Override
    public synchronized boolean confirmSignal(String signalId, String token) {
        SeenMark old = seenSignals.get(signalId);
        if (old == null || !old.token().equals(token)) {
            return false;
        }
        seenSignals.put(signalId, new SeenMark(token, old.expiresAt(), null));
        return true;
    }

    @Override
    public synchronized void forgetSignal(String signalId, String token) {
        SeenMark old = seenSignals.get(signalId);
        if (old != null && old.token().equals(token)) {
            seenSignals.remove(signalId);
        }
    }

    @Override
    public synchronized void rememberRecovery(AlertSignal recovery, Instant expiresAt) {
        AlertSignal kept = recoveries.get(recovery.alertKey());
        // The fake has no clock: a newer recovery is kept even once expired (DynamoDB replaces an expired one).
        if (kept != null && kept.occurredAt().isAfter(recovery.occurredAt())) {
            return;
        }
        recoveries.put(recovery.alertKey(), recovery);
        recoveriesExpire.put(recovery.alertKey(), expiresAt);
    }

    @Override
    public synchronized Optional<AlertSignal> rememberedRecovery(String alertKey, Instant now) {
        Instant expires = recoveriesExpire.get(alertKey);
        return expires == null || !expires.isAfter(now) ? Optional.empty() : Optional.of(recoveries.get(alertKey));
    }

    @Override
    public synchronized Optional<Instant> recordPostIntent(String alertId, Instant at) {
        if (!alerts.containsKey(alertId)) {
            throw new java.util.NoSuchElementException("no alert " + alertId);
        }
        return Optional.ofNullable(postIntents.putIfAbsent(alertId, at));
    }

    @Override
    public synchronized void forgetPostIntent(String alertId, Instant at) {
        postIntents.remove(alertId, at);
    }

    @Override
    public synchronized boolean takeOverPostIntent(String alertId, Instant expected, Instant now) {
        return postIntents.replace(alertId, expected, now);
    }

    /** A seen signal's mark: {@code publishingUntil} is null once confirmed. */
    private record SeenMark(String token, Instant expiresAt, @Nullable Instant publishingUntil) {
    }
}
