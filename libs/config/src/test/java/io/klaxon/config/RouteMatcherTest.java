package io.klaxon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteMatcherTest {

    private static final String CONFIG = """
            routes:
              - name: database
                match: { "detail": { "labels": { "namespace": ["AWS/RDS"] } } }
                channel: C0DB
                policy: db
              - name: critical
                match: { "detail": { "severity": ["CRITICAL"] } }
                channel: C0CRIT
                policy: db
              - name: recovered-only
                match: { "detail-type": ["Alert Recovered"] }
                channel: C0REC
                policy: db
              - name: default
                channel: C0OPS
                policy: db
            policies:
              db:
                levels:
                  - mention: [here]
            """;

    private final RouteMatcher matcher = new RouteMatcher(parse(CONFIG));

    private static KlaxonConfig parse(String text) {
        try {
            return ConfigParser.parse("klaxon.yaml", text);
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private Route fired(String detail) {
        return matcher.route("klaxon", "Alert Fired", detail);
    }

    @Test
    void route_shouldPickTheMatchingRoute_whenTheSignalMatchesItsPattern() {
        // GIVEN an RDS alarm's signal
        String detail = """
                {"alertKey":"k","severity":"WARNING","labels":{"namespace":"AWS/RDS","alarmName":"db-cpu"}}""";
        // WHEN it is routed
        Route route = fired(detail);
        // THEN the database route takes it
        assertThat(route.name()).isEqualTo("database");
        assertThat(route.channel()).isEqualTo("C0DB");
    }

    @Test
    void route_shouldPickTheFirstRouteInFileOrder_whenSeveralPatternsMatch() {
        // GIVEN a critical RDS alarm: both "database" and "critical" match
        String detail = """
                {"severity":"CRITICAL","labels":{"namespace":"AWS/RDS"}}""";
        // WHEN it is routed
        // THEN the first in the file wins
        assertThat(fired(detail).name()).isEqualTo("database");
    }

    @Test
    void route_shouldPickALaterRoute_whenOnlyItsPatternMatches() {
        // GIVEN a critical EC2 alarm
        // WHEN it is routed
        // THEN the critical route takes it
        assertThat(fired("{\"severity\":\"CRITICAL\",\"labels\":{\"namespace\":\"AWS/EC2\"}}").name())
                .isEqualTo("critical");
    }

    @Test
    void route_shouldFallBackToTheCatchAll_whenNoPatternMatches() {
        // GIVEN an S3 alarm, and one with no labels at all
        // WHEN they are routed
        // THEN the catch-all takes both (a pattern on the detail-type sees the event's, not a label)
        assertThat(fired("{\"severity\":\"WARNING\",\"labels\":{\"namespace\":\"AWS/S3\"}}").name()).isEqualTo("default");
        assertThat(fired("{}").name()).isEqualTo("default");
    }

    @Test
    void route_shouldMatchOnTheEnvelope_whenAPatternNamesTheDetailType() {
        // GIVEN the same detail on a recovered event
        // WHEN it is routed
        Route route = matcher.route("klaxon", "Alert Recovered", "{\"labels\":{}}");
        // THEN the pattern over detail-type matched the envelope built around the detail
        assertThat(route.name()).isEqualTo("recovered-only");
    }

    @Test
    void route_shouldRouteEverythingToTheOneRoute_whenTheConfigIsBuiltIn() {
        // GIVEN the built-in configuration
        var builtIn = new RouteMatcher(BuiltInConfig.fromEnvironment(java.util.Map.of("KLAXON_CHANNEL", "C0X")));
        // WHEN an RDS alarm is routed
        Route route = builtIn.route("klaxon", "Alert Fired", "{\"labels\":{\"namespace\":\"AWS/RDS\"}}");
        // THEN it goes to the default route and its channel
        assertThat(route.name()).isEqualTo(BuiltInConfig.ROUTE);
        assertThat(route.channel()).isEqualTo("C0X");
    }

    @Test
    void route_shouldRefuseClearly_whenTheDetailIsNotAJsonObject() {
        // GIVEN / WHEN / THEN a detail that is not an object is refused with a reason
        assertThatThrownBy(() -> fired("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> fired("{")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
    }
}
