package io.klaxon.lifecycle.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.PackagedFunction;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle function as Lambda loads it: its shaded package (from which the build leaves some Micronaut
 * entries out, see the root pom) in a JVM of its own, one "open" task from the workflow.
 */
class PackagedFunctionIT {

    @Test
    void packagedLifecycle_shouldOpenTheAlert_whenStartedFromItsShadedJar() throws Exception {
        // GIVEN the function's package and the cold-start probe's in-memory ports
        // WHEN a fresh JVM starts it and hands it one "open" task from the workflow
        PackagedFunction.Run run = PackagedFunction.probe("lifecycle");

        // THEN it started and answered what its caller expects
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.reply()).as(run.output())
                .contains("\"outcome\":\"OPENED\"")
                .contains("\"state\":\"UNCLAIMED\"");
    }
}
