package io.klaxon.notify.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.PackagedFunction;
import org.junit.jupiter.api.Test;

/**
 * The notify function as Lambda loads it: its shaded package (from which the build leaves some Micronaut
 * entries out, see the root pom) in a JVM of its own, one "post" task, Slack being the stub on 127.0.0.1.
 */
class PackagedFunctionIT {

    @Test
    void packagedNotify_shouldPostTheAlert_whenStartedFromItsShadedJar() throws Exception {
        // GIVEN the function's package and the cold-start probe's in-memory ports
        // WHEN a fresh JVM starts it and hands it one "post" task, Slack being the stub on 127.0.0.1
        PackagedFunction.Run run = PackagedFunction.probe("notify");

        // THEN it started and answered what its caller expects
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.reply()).as(run.output())
                .contains("\"outcome\":\"DONE\"")
                .contains("\"detail-type\":\"Alert Opened\"");
    }
}
