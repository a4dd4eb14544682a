package io.klaxon.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger exitCode = new AtomicInteger(-1);
    private final NormalizeCommand command = new NormalizeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), exitCode::set,
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void run_shouldPrintOneJsonArrayOfBusEvents_whenFilesAreReadable() throws IOException {
        // GIVEN an SNS alarm and an EventBridge alarm
        // WHEN
        command.run(new String[] {sample("sns-cloudwatch/seed-blog-lambda-test-event.json"),
                sample("eventbridge-cloudwatch/single-metric-ok-to-alarm.json")});

        // THEN
        assertThat(exitCode).hasValue(0);
        JsonNode events = ObjectMapper.getDefault().readValue(out.toByteArray(), JsonNode.class);
        assertThat(events.isArray()).isTrue();
        assertThat(events.size()).isEqualTo(2);
        JsonNode first = events.get(0);
        assertThat(first.get("source").getStringValue()).isEqualTo("klaxon");
        assertThat(first.get("detail-type").getStringValue()).isEqualTo("Alert Fired");
        assertThat(first.get("detail").isObject()).isTrue();
        assertThat(first.get("detail").get("alertKey").getStringValue())
                .isEqualTo("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example alarm name");
        assertThat(first.get("detail").get("occurredAt").getStringValue()).isEqualTo("2020-01-14T08:45:42.236Z");
        assertThat(events.get(1).get("detail").get("signalId").getStringValue())
                .isEqualTo("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void run_shouldExitTwoWithOneLineAndNoOutput_whenAFileIsNotJson(@TempDir Path dir) throws IOException {
        // GIVEN one good file and one that is not JSON
        Path bad = Files.writeString(dir.resolve("bad.json"), "this is not json");

        // WHEN
        command.run(new String[] {sample("sns-cloudwatch/seed-blog-lambda-test-event.json"), bad.toString()});

        // THEN
        assertThat(exitCode).hasValue(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement()
                .asString().startsWith(bad + ": input is not JSON");
    }

    @Test
    void run_shouldExitTwoWithOneLine_whenAFileDoesNotExist(@TempDir Path dir) {
        // GIVEN
        String missing = dir.resolve("missing.json").toString();

        // WHEN
        command.run(new String[] {missing});

        // THEN
        assertThat(exitCode).hasValue(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(missing + ": cannot read: no such file");
    }

    @Test
    void run_shouldExitTwoWithOneLine_whenAFileIsNotUtf8(@TempDir Path dir) throws IOException {
        // GIVEN bytes that are not UTF-8
        Path binary = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b});

        // WHEN
        command.run(new String[] {binary.toString()});

        // THEN
        assertThat(exitCode).hasValue(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(binary + ": cannot read: not UTF-8 text");
    }

    @Test
    void run_shouldPrintEmptyArrayAndNoteOnStderr_whenFileHoldsOnlyIgnoredItems() throws IOException {
        // GIVEN a configuration change, which is not an alert
        String file = sample("eventbridge-cloudwatch/config-change-composite-delete.json");

        // WHEN
        command.run(new String[] {file});

        // THEN success: nothing to put on the bus, and a note saying why
        assertThat(exitCode).hasValue(0);
        JsonNode events = ObjectMapper.getDefault().readValue(out.toByteArray(), JsonNode.class);
        assertThat(events.isArray()).isTrue();
        assertThat(events.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + ": ignored ", "operation delete");
    }

    @Test
    void run_shouldExitTwoWithUsage_whenNoFileIsGiven() {
        // GIVEN / WHEN
        command.run(new String[0]);

        // THEN
        assertThat(exitCode).hasValue(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: klaxon normalize FILE");
    }

    static String sample(String path) {
        try {
            return Path.of(NormalizeCommandTest.class.getResource("/samples/" + path).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
