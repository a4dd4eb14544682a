package io.klaxon.ingest.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.routing.Router;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.testing.Samples;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Keeps the code and {@code schemas/alert-signal.v1.json} in step, and the schema compatible with v1 events already out there. */
class AlertSignalSchemaTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    static Stream<String> samples() throws IOException, URISyntaxException {
        Path root = Path.of(AlertSignalSchemaTest.class.getResource("/samples").toURI());
        Path derived = Path.of(AlertSignalSchemaTest.class.getResource("/derived").toURI());
        List<String> paths = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(root), Files.walk(derived))) {
            files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("README.md"))
                    .forEach(p -> paths.add(p.startsWith(root) ? root.relativize(p).toString() : "/derived/" + derived.relativize(p)));
        }
        assertThat(paths).hasSizeGreaterThan(80);
        return paths.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyEmittedEvent_shouldValidateAgainstTheSchema_whenNormalizedFromASample(String sample) throws IOException {
        // GIVEN a sample (plain-text ones are read as an SNS message body, the way they arrive)
        List<AlertSignal> signals = signalsOf(sample);

        // WHEN each signal is serialised as it is put on the bus
        for (AlertSignal signal : signals) {
            JsonNode event = JACKSON.readTree(ObjectMapper.getDefault().writeValueAsString(BusEvent.of(signal)));

            // THEN the envelope is the contract's and the detail validates
            assertThat(event.get("source").asText()).isEqualTo("klaxon");
            assertThat(event.get("detail-type").asText())
                    .isEqualTo(signal.status().name().equals("FIRING") ? "Alert Fired" : "Alert Recovered");
            assertThat(SCHEMA.validate(event.get("detail"))).as("%s: %s", sample, signal.alertKey()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alert-signal.v1.example.json", "alert-signal.v1.example-unknowns.json"})
    void storedV1Event_shouldKeepValidating_whenSchemaEvolves(String file) throws IOException {
        // GIVEN a v1 event stored when the contract was published
        JsonNode event = JACKSON.readTree(Samples.read("/schema/" + file));

        // WHEN / THEN
        assertThat(SCHEMA.validate(event.get("detail"))).isEmpty();
    }

    @Test
    void schema_shouldRejectContractViolations_whenAFieldIsWrong() throws IOException {
        // GIVEN the stored example, broken one field at a time
        JsonNode valid = JACKSON.readTree(Samples.read("/schema/alert-signal.v1.example.json")).get("detail");

        // WHEN / THEN each violation is caught: the schema asserts, it does not merely describe
        assertThat(violations(valid, "region", "EU - Ireland")).isNotEmpty();
        assertThat(violations(valid, "title", "two\nlines")).isNotEmpty();
        assertThat(violations(valid, "title", "x".repeat(151))).isNotEmpty();
        assertThat(violations(valid, "severity", "HIGH")).isNotEmpty();
        assertThat(violations(valid, "status", "OPEN")).isNotEmpty();
        assertThat(violations(valid, "occurredAt", "yyyy-mm-ddThh:mm:ssZ")).isNotEmpty();
        assertThat(violations(valid, "schemaVersion", "2")).isNotEmpty();
        ObjectNode extra = valid.deepCopy();
        extra.put("unexpected", "x");
        assertThat(SCHEMA.validate(extra)).isNotEmpty();
        ObjectNode missing = valid.deepCopy();
        missing.remove("alertKey");
        assertThat(SCHEMA.validate(missing)).isNotEmpty();
    }

    private static Set<ValidationMessage> violations(JsonNode valid, String field, String value) {
        ObjectNode copy = valid.deepCopy();
        copy.put(field, value);
        return SCHEMA.validate(copy);
    }

    private static List<AlertSignal> signalsOf(String sample) {
        String text = Samples.read(sample);
        if (sample.endsWith(".txt")) {
            SignalSink sink = new SignalSink(Samples.RECEIVED);
            new Router().message(Origin.bare(sample, text), text, sink);
            return sink.signals();
        }
        return Samples.normalize(sample).signals();
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = AlertSignalSchemaTest.class.getResourceAsStream("/schemas/alert-signal.v1.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
