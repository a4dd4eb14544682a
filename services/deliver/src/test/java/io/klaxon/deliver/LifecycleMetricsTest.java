package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.metrics.Metrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleMetricsTest {

    private final List<String> recorded = new ArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void count(String name, double value, Map<String, String> dimensions) {
            recorded.add(name + "=" + value + " " + new java.util.TreeMap<>(dimensions));
        }

        @Override
        public void seconds(String name, double seconds, Map<String, String> dimensions) {
            recorded.add(name + "=" + seconds + "s " + new java.util.TreeMap<>(dimensions));
        }
    };
    private final Set<String> seen = new HashSet<>();
    private final DeliveryLedger ledger = new DeliveryLedger() {
        @Override
        public boolean delivered(String eventId, String destination) {
            return seen.contains(eventId + destination);
        }

        @Override
        public void record(String eventId, String destination) {
            seen.add(eventId + destination);
        }

        @Override
        public long latestVersion(String alertId, String destination) {
            return -1;
        }

        @Override
        public long takeVersion(String alertId, String destination, long version) {
            return -1;
        }

        @Override
        public boolean opened(String alertId, String destination) {
            return false;
        }

        @Override
        public void recordOpened(String alertId, String destination) {
        }
    };
    private final LifecycleMetrics lifecycle = new LifecycleMetrics(metrics, ledger);

    @Test
    void record_shouldCountEachChangeOnceByRouteAndSeverity_withTheTimesToClaimAndResolve() {
        // WHEN an alert's events arrive, the claim twice (EventBridge delivers at least once)
        lifecycle.record(Events.notice(LifecycleEventType.OPENED));
        lifecycle.record(Events.notice(LifecycleEventType.CLAIMED));
        lifecycle.record(Events.notice(LifecycleEventType.CLAIMED));
        lifecycle.record(Events.notice(LifecycleEventType.RESOLVED));

        // THEN each is counted once, with its duration
        assertThat(recorded).containsExactly(
                "AlertsOpened=1.0 {Route=database, Severity=critical}",
                "AlertsClaimed=1.0 {Route=database, Severity=critical}",
                "TimeToClaim=125.0s {Route=database, Severity=critical}",
                "AlertsResolved=1.0 {Route=database, Severity=critical}",
                "TimeToResolve=3725.0s {Route=database, Severity=critical}");
    }

    @Test
    void record_shouldCountAnAutoResolve_whenKlaxonResolvedIt() {
        Notice byPerson = Events.notice(LifecycleEventType.RESOLVED);
        LifecycleEvent e = byPerson.event();
        Notice bySystem = new Notice(LifecycleEventType.RESOLVED, new LifecycleEvent(e.schemaVersion(), e.alertKey(),
                e.alertId(), e.version(), e.state(), Actor.SYSTEM, e.at(), e.route(), e.escalationLevel(), e.page(),
                e.channel(), e.ts(), e.secondsToClaim(), e.secondsToResolve(), e.title(), e.severity(), e.sourceKind(),
                e.refireCount(), e.deliveryFailing(), e.links()), "auto", byPerson.raw());

        lifecycle.record(bySystem);

        assertThat(recorded).contains("AlertsAutoResolved=1.0 {Route=database, Severity=critical}");
    }
}
