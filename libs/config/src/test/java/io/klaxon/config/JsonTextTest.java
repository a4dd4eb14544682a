package io.klaxon.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** A pattern's text is what Event Ruler compiles and what a route keeps: the same as the tree's own toString. */
class JsonTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{ source: [klaxon] }",
        "{ \"detail\": { \"labels\": { \"namespace\": [\"AWS/RDS\"] } } }",
        "{ detail: { severity: [critical, high], page: [true], count: [{ numeric: [\">\", 5, \"<=\", 1e3] }] } }",
        "{ detail: { n: [0, -0.0, 0.10, 1.5e-7, 12345678901234567890123, 0x1F, 1_000, .inf, 007] } }",
        "{ detail: { empty: [null, ~, \"\", { exists: false }], nested: [[1, [2]], {}] } }",
        "{ detail: { title: [\"quote \\\" backslash \\\\ tab \\t nl \\n \\u0001 caf\\u00e9 \\U0001F6A8 \\u2028\"] } }",
        "{ detail: { when: [2026-11-25, \"2026-11-25T10:00:00Z\"], \"yes\": [yes, No, on, OFF, y] } }",
        "{ \"detail-type\": [{ prefix: \"Alert \" }], detail: { alertKey: [{ wildcard: \"arn:*:rds:*\" }] } }",
    })
    void text_shouldBeTheTreesOwnText(String yaml) throws Exception {
        // GIVEN a pattern as the configuration file writes it, as the tree YamlJson makes of it
        LoaderOptions options = new LoaderOptions();
        JsonNode tree = YamlJson.toJson(new Yaml(options).compose(new StringReader(yaml)));

        // WHEN it is written as text; THEN it is the text JsonNode.toString gives
        assertThat(JsonText.of(tree)).isEqualTo(tree.toString());
    }
}
