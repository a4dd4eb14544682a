package io.klaxon.lifecycle;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.config.ConfigParser;
import io.klaxon.config.InvalidConfigException;
import io.klaxon.config.KlaxonConfig;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.micronaut.serde.ObjectMapper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRoutingTest {

    private static final String CONFIG = """
            routes:
              - name: database
                match: { "detail": { "labels": { "namespace": ["AWS/RDS"] } } }
                channel: C0DB
                policy: db
              - name: urgent
                match: { "detail": { "severity": ["critical"] } }
                channel: C0URGENT
                policy: default
              - name: default
                channel: C0OPS
                policy: default
            policies:
              db:
                claimTimeout: 2m
                remindAfter: 30m
                autoResolve: false
                levels:
                  - mention: [schedule:db-primary]
                  - mention: [group:S0DBTEAM, user:U0LEAD, here]
                    page: true
              default:
                levels:
                  - mention: [here]
            schedules:
              db-primary:
                timezone: Europe/Berlin
                start: 2026-01-05
                handoff: "09:00"
                every: 1w
                members: [U01, U02, U03]
            """;

    private final AlertRouting routing = new AlertRouting(parse(CONFIG), ObjectMapper.getDefault());

    private static KlaxonConfig parse(String text) {
        try {
            return ConfigParser.parse("klaxon.yaml", text);
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static AlertSignal withLabels(AlertSignal s, Map<String, String> labels) {
        return new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(), s.severity(), s.title(),
                s.summary(), s.sourceKind(), s.account(), s.region(), s.resources(), s.occurredAt(), s.links(), labels);
    }

    @Test
    void policyFor_shouldSnapshotTheMatchedRouteAndItsPolicy_whenTheSignalMatchesAPattern() {
        // GIVEN an RDS alarm's signal
        AlertSignal rds = withLabels(firing("s1", T0), Map.of("namespace", "AWS/RDS"));
        // WHEN it is routed
        EscalationPolicy policy = routing.policyFor(rds);
        // THEN it carries the route, its channel and the policy's timings, levels and autoResolve
        assertThat(policy.route()).isEqualTo("database");
        assertThat(policy.channel()).isEqualTo("C0DB");
        assertThat(policy.claimTimeoutSeconds()).isEqualTo(120);
        assertThat(policy.remindAfterSeconds()).isEqualTo(1800);
        assertThat(policy.autoResolveOnRecovery()).isFalse();
        // with the schedule's name kept, so whoever is on call when it escalates is paged
        assertThat(policy.levels()).containsExactly(
                new EscalationPolicy.Level(List.of("schedule:db-primary"), false),
                new EscalationPolicy.Level(List.of("group:S0DBTEAM", "user:U0LEAD", "here"), true));
    }

    @Test
    void policyFor_shouldGoToTheCatchAll_whenNoPatternMatches() {
        // GIVEN an ELB alarm (the fixture's namespace), high severity
        // WHEN it is routed
        EscalationPolicy policy = routing.policyFor(firing("s1", T0));
        // THEN the catch-all takes it, with the built-in policy defaults
        assertThat(policy.route()).isEqualTo("default");
        assertThat(policy.channel()).isEqualTo("C0OPS");
        assertThat(policy.claimTimeoutSeconds()).isEqualTo(300);
        assertThat(policy.remindAfterSeconds()).isEqualTo(3600);
        assertThat(policy.autoResolveOnRecovery()).isTrue();
        assertThat(policy.level(1).mentions()).containsExactly("here");
    }

    @Test
    void policyFor_shouldMatchTheWireForm_whenAPatternNamesTheSeverity() {
        // GIVEN a critical signal: the bus carries severity in its wire form ("critical")
        AlertSignal s = firing("s1", T0);
        AlertSignal critical = new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(),
                io.klaxon.domain.signal.Severity.CRITICAL, s.title(), s.summary(), s.sourceKind(), s.account(),
                s.region(), s.resources(), s.occurredAt(), s.links(), s.labels());
        // WHEN it is routed
        // THEN the pattern written against the bus event matches
        assertThat(routing.policyFor(critical).route()).isEqualTo("urgent");
    }

    @Test
    void open_shouldStoreTheRoutedPolicyOnTheAlert_whenTheLifecycleOpensIt() {
        // GIVEN the lifecycle service with this configuration
        Clock clock = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);
        AlertService alerts = new AlertService(new InMemoryAlertStore(), clock);
        var service = new LifecycleService(alerts, (token, outcome) -> true, new FakeExecutions(), routing, clock);
        AlertSignal rds = withLabels(firing("s1", T0), Map.of("namespace", "AWS/RDS"));
        // WHEN an RDS alarm opens
        var result = service.handle(new TaskRequest(TaskOp.OPEN, "a1", rds, null, null, null));
        // THEN the alert is on the database route, in its channel, with its timeout
        var alert = alerts.require("a1");
        assertThat(alert.policy().route()).isEqualTo("database");
        assertThat(alert.channel()).isEqualTo("C0DB");
        assertThat(result.alert().claimTimeoutSeconds()).isEqualTo(120);
    }
}
