package io.klaxon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

    @Test
    void count_shouldWriteOneEmbeddedMetricFormatLine_withOnlyTheGivenDimensions() throws Exception {
        // GIVEN stdout, where Lambda reads EMF lines from
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            // WHEN an alert-opened count is recorded
            new EmfMetrics().count("AlertsOpened", 1, Map.of("Route", "database", "Severity", "critical"));
        } finally {
            System.setOut(console);
        }

        // THEN one line declares the metric in Klaxon's namespace with exactly those dimensions
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode emf = new ObjectMapper().readTree(lines[0]);
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Klaxon");
        assertThat(directive.get("Metrics").get(0).get("Name").asText()).isEqualTo("AlertsOpened");
        assertThat(directive.get("Metrics").get(0).get("Unit").asText()).isEqualTo("Count");
        assertThat(directive.get("Dimensions").get(0)).extracting(JsonNode::asText).containsExactlyInAnyOrder("Route", "Severity");
        assertThat(emf.get("AlertsOpened").asDouble()).isEqualTo(1.0);
        assertThat(emf.get("Route").asText()).isEqualTo("database");
        assertThat(emf.get("Severity").asText()).isEqualTo("critical");
    }

    @Test
    void count_shouldWriteInTheGivenNamespace_whenTheStackHasItsOwn() throws Exception {
        // GIVEN metrics in one stack's namespace
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            // WHEN a count is recorded
            new EmfMetrics(new MetricsNamespace("Klaxon/klaxon-staging")).count("SlackErrors", 1, Map.of("Method", "chat.postMessage"));
        } finally {
            System.setOut(console);
        }

        // THEN the line declares that namespace, not another stack's
        JsonNode emf = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(emf.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("Klaxon/klaxon-staging");
    }

    @Test
    void prime_shouldSerializeAMetricThroughTheLibrary_withoutWritingAnything() throws Exception {
        // GIVEN stdout, where a flush would write
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        java.util.List<String> documents;
        try {
            // WHEN the SnapStart priming primes the metrics path
            documents = EmfMetrics.prime();
        } finally {
            System.setOut(console);
        }

        // THEN the library serialized one EMF document in Klaxon's namespace, and nothing reached stdout
        assertThat(out.size()).isZero();
        assertThat(documents).hasSize(1);
        JsonNode directive = new ObjectMapper().readTree(documents.get(0)).get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Klaxon");
    }
}
