package io.klaxon.ingest.generic;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.Severity;
import io.klaxon.ingest.json.Json;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactsTest {

    @Test
    void flatten_shouldPutProseFirstAndFlattenOneLevel_whenObjectIsNested() throws IOException {
        // GIVEN
        JsonNode node = Json.parse("""
                {"id": "x-1", "Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": "deep"}}], "state": "FAILED",
                 "type": {"provider": "CodeBuild"}, "message": "build broke", "tags": ["a", "b"]}
                """);

        // WHEN
        Map<String, String> facts = Facts.flatten(node);

        // THEN
        assertThat(facts).containsExactly(
                Map.entry("message", "build broke"),
                Map.entry("id", "x-1"),
                Map.entry("state", "FAILED"),
                Map.entry("type.provider", "CodeBuild"),
                Map.entry("tags", "a, b"),
                Map.entry("Records[0].eventName", "ObjectCreated:Put"));
        assertThat(Facts.lines(facts)).startsWith("message: build broke\nid: x-1\n").doesNotContain("{");
    }

    @Test
    void severityFromStates_shouldTakeTheLoudestStateWord_whenSeveralFieldsSpeak() {
        // GIVEN / WHEN / THEN
        assertThat(Facts.severityFromStates(Map.of("desiredStatus", "RUNNING", "lastStatus", "STOPPED")))
                .isEqualTo(Severity.HIGH);
        assertThat(Facts.severityFromStates(Map.of("EventCategories", "notification, backup"))).isEqualTo(Severity.INFO);
        assertThat(Facts.severityFromStates(Map.of("message", "FAILED"))).as("prose is not a state field").isNull();
    }

    @Test
    void lines_shouldStopAtFifteenAndSayHowManyMore_whenThereAreMoreFields() {
        // GIVEN
        Map<String, String> facts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            facts.put("k" + i, "v" + i);
        }

        // WHEN / THEN
        assertThat(Facts.lines(facts).lines()).hasSize(16).last().isEqualTo("… 5 more fields");
    }
}
