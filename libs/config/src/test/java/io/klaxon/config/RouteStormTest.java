package io.klaxon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A route's {@code storm:} settings (ADR 0014). */
class RouteStormTest {

    @Test
    void parse_shouldReadTheStormPerRoute_whenOneRouteSetsItAndTheOtherDoesNot() throws Exception {
        // GIVEN a file where route db storms at 5 in 2m and the catch-all says nothing
        String text = """
                routes:
                  - name: db
                    match: { detail: { sourceKind: [rds] } }
                    channel: C0DB
                    policy: p
                    storm: { threshold: 5, window: 2m }
                  - name: default
                    channel: C0KLAXON
                    policy: p
                    storm: { window: 30s }
                  - name: other
                    channel: C0OTHER
                    policy: p
                policies:
                  p:
                    levels:
                      - mention: [here]
                """;

        // WHEN it is parsed
        KlaxonConfig config = ConfigParser.parse("klaxon.yaml", text);

        // THEN each route has its own storm, missing keys take the defaults
        assertThat(config.routes()).extracting(Route::storm).containsExactly(
                new Route.Storm(5, Duration.ofMinutes(2)),
                new Route.Storm(10, Duration.ofSeconds(30)),
                Route.Storm.DEFAULT);
    }

    @Test
    void fromEnvironment_shouldTakeTheStormFromTheStackParameters_whenThereIsNoFile() {
        // GIVEN no file, and the built-in route's storm from the environment
        var env = java.util.Map.of("KLAXON_STORM_THRESHOLD", "3", "KLAXON_STORM_WINDOW_SECONDS", "20");

        // WHEN the built-in configuration is made
        KlaxonConfig config = BuiltInConfig.fromEnvironment(env);

        // THEN its route storms at 3 in 20 s
        assertThat(config.routes().getFirst().storm()).isEqualTo(new Route.Storm(3, Duration.ofSeconds(20)));
    }
}
