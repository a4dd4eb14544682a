package io.klaxon.deliver.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.PackagedFunction;
import org.junit.jupiter.api.Test;

/**
 * The deliver function as Lambda loads it: its shaded package (from which the build leaves some Micronaut
 * entries out, see the root pom) in a JVM of its own, one "Alert Opened" bus event (no destination configured).
 */
class PackagedFunctionIT {

    @Test
    void packagedDeliver_shouldCountTheOpenedAlert_whenStartedFromItsShadedJar() throws Exception {
        // GIVEN the function's package and the cold-start probe's in-memory ports
        // WHEN a fresh JVM starts it and hands it one "Alert Opened" bus event (no destination configured)
        PackagedFunction.Run run = PackagedFunction.probe("deliver");

        // THEN it started and answered what its caller expects
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.reply()).isEqualTo("{}");
        assertThat(run.output()).contains("\"AlertsOpened\":1.0");
    }
}
