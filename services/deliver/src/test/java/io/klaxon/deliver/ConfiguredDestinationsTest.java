package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.klaxon.domain.lifecycle.LifecycleEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredDestinationsTest {

    private static final String CONFIG = """
            routes:
              - name: database
                match: { "detail": { "labels": { "namespace": ["AWS/RDS"] } } }
                channel: C0DB
                policy: default
              - name: default
                channel: C0KLAXON
                policy: default
            policies:
              default: { levels: [ { mention: [here] } ] }
            destinations:
              - name: pd-db
                type: pagerduty
                routingKey: ${PD_ROUTING_KEY}
                routes: [database]
              - name: ops-dingtalk
                type: dingtalk
                url: https://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_TOKEN}
                secret: ${DINGTALK_SECRET}
                events: [Alert Opened, Alert Resolved]
                locale: zh-CN
            """;

    @TempDir
    Path artifact;

    @Test
    void destinations_shouldComeFromTheArtifactsConfig_withPlaceholdersFilledIn() throws Exception {
        // GIVEN the build copied the configuration to the artifact's root
        Files.writeString(artifact.resolve("klaxon.yaml"), CONFIG);
        Map<String, String> env = Map.of("LAMBDA_TASK_ROOT", artifact.toString());
        Map<String, String> secrets = Map.of("PD_ROUTING_KEY", "R0UTE", "DINGTALK_TOKEN", "T0KEN", "DINGTALK_SECRET", "SEC");

        // WHEN the function starts
        var destinations = new ConfiguredDestinations(env::get, secrets::get).all();

        // THEN each destination is there, resolved, with its filters
        assertThat(destinations).extracting(Destination::name).containsExactly("pd-db", "ops-dingtalk");
        Destination pd = destinations.getFirst();
        assertThat(pd.routingKey()).isEqualTo("R0UTE");
        assertThat(pd.url()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(pd.hears(LifecycleEventType.CLAIMED, "database")).isTrue();
        assertThat(pd.hears(LifecycleEventType.CLAIMED, "default")).isFalse();
        Destination ding = destinations.get(1);
        assertThat(ding.url()).isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=T0KEN");
        assertThat(ding.secret()).isEqualTo("SEC");
        assertThat(ding.chinese()).isTrue();
        assertThat(ding.hears(LifecycleEventType.CLAIMED, "default")).isFalse();
        assertThat(ding.hears(LifecycleEventType.RESOLVED, "default")).isTrue();
    }

    @Test
    void start_shouldFailNamingTheDestinationAndVariable_whenAPlaceholderHasNoValue() throws Exception {
        Files.writeString(artifact.resolve("klaxon.yaml"), CONFIG);
        Map<String, String> env = Map.of("LAMBDA_TASK_ROOT", artifact.toString());

        Throwable failure = catchThrowable(() -> new ConfiguredDestinations(env::get, Map.of("PD_ROUTING_KEY", "R")::get));

        assertThat(failure).hasMessageContaining("destination 'ops-dingtalk'").hasMessageContaining("${DINGTALK_TOKEN}");
    }

    @Test
    void destinations_shouldBeNone_whenTheArtifactHasNoConfiguration() {
        Map<String, String> env = Map.of("LAMBDA_TASK_ROOT", artifact.toString());

        assertThat(new ConfiguredDestinations(env::get, v -> null).all()).isEmpty();
    }
}
