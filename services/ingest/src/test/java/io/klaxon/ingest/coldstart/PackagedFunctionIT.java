package io.klaxon.ingest.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.PackagedFunction;
import org.junit.jupiter.api.Test;

/**
 * The ingest function as Lambda loads it: its shaded package (from which the build leaves some Micronaut
 * entries out, see the root pom) in a JVM of its own, one SNS record of a CloudWatch alarm.
 */
class PackagedFunctionIT {

    @Test
    void packagedIngest_shouldPublishTheSignal_whenStartedFromItsShadedJar() throws Exception {
        // GIVEN the function's package and the cold-start probe's in-memory ports
        // WHEN a fresh JVM starts it and hands it one SNS record of a CloudWatch alarm
        PackagedFunction.Run run = PackagedFunction.probe("ingest");

        // THEN it started and answered what its caller expects
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.reply()).as(run.output())
                .contains("\"published\":1")
                .contains("\"duplicates\":0");
    }
}
