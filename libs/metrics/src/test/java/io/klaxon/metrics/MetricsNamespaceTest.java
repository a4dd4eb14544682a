package io.klaxon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsNamespaceTest {

    @Test
    void fromEnvironment_shouldUseTheStacksNamespace_whenTheVariableNamesOne() {
        // GIVEN the variable the template sets per stack
        Map<String, String> environment = Map.of("KLAXON_METRICS_NAMESPACE", "Klaxon/klaxon-staging");

        // WHEN the namespace is read
        MetricsNamespace namespace = MetricsNamespace.fromEnvironment(environment);

        // THEN it is that stack's
        assertThat(namespace.value()).isEqualTo("Klaxon/klaxon-staging");
    }

    @Test
    void fromEnvironment_shouldBeKlaxon_whenTheVariableIsUnsetOrBlank() {
        // GIVEN no variable (locally), or an empty one WHEN read THEN the default namespace
        assertThat(MetricsNamespace.fromEnvironment(Map.of()).value()).isEqualTo("Klaxon");
        assertThat(MetricsNamespace.fromEnvironment(Map.of("KLAXON_METRICS_NAMESPACE", " ")).value()).isEqualTo("Klaxon");
    }

    @Test
    void fromEnvironment_shouldFallBackToKlaxon_whenTheVariableIsNoNamespaceCloudWatchAccepts() {
        // GIVEN a value with characters CloudWatch refuses in a namespace
        Map<String, String> environment = Map.of("KLAXON_METRICS_NAMESPACE", "Klaxon stack!");

        // WHEN read THEN the function keeps its metrics, in the default namespace (and says so in its log)
        assertThat(MetricsNamespace.fromEnvironment(environment).value()).isEqualTo("Klaxon");
    }

    @Test
    void constructor_shouldSayWhy_whenTheNamespaceIsInvalid() {
        // GIVEN an empty namespace WHEN one is made THEN the error says what is wrong
        assertThatThrownBy(() -> new MetricsNamespace(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Namespace");
    }
}
