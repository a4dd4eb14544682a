package io.klaxon.interact.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.PackagedFunction;
import org.junit.jupiter.api.Test;

/**
 * The interact function as Lambda loads it: its shaded package (from which the build leaves some Micronaut
 * entries out, see the root pom) in a JVM of its own, one signed Slack click on "Claim".
 */
class PackagedFunctionIT {

    @Test
    void packagedInteract_shouldHandleTheClick_whenStartedFromItsShadedJar() throws Exception {
        // GIVEN the function's package and the cold-start probe's in-memory ports
        // WHEN a fresh JVM starts it and hands it one signed Slack click on "Claim"
        PackagedFunction.Run run = PackagedFunction.probe("interact");

        // THEN it started and answered what its caller expects
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.reply()).as(run.output())
                .contains("\"statusCode\":200");
    }
}
