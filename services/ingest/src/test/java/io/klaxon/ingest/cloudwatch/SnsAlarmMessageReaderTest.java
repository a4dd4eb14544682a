package io.klaxon.ingest.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.testing.Samples;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader of alarm messages ({@link SnsAlarmMessageReader}) against the general path it
 * stands in for (the text parsed into a tree, then {@link CloudWatchAlarms#isSnsAlarmMessage} and
 * {@link SnsAlarmMessage#of}): over every CloudWatch alarm message in the test resources and variants
 * of each (every value replaced by values of every JSON kind or removed, keys repeated or escaped, the
 * text cut short or followed by more), whenever the reader takes a message the general path takes it
 * too and both emit the same signals and ignored items; the reader may decline anything, and then
 * the general path decides as before.
 */
class SnsAlarmMessageReaderTest {

    private static final List<String> REPLACEMENTS = List.of("null", "true", "false", "0", "-1", "1.0", "1.5e-7", "1e400",
            "-0.0", "1e9999999999", "-1e-9999999999", "9".repeat(999), "0." + "5".repeat(990),
            "12345678901234567890", "123456789012345678901234567890.5", "\"\"", "\"   \"", "\" x \"",
            "\"a\\u0000b\\nc\"", "\"\\u00e9t\\u00e9 \\ud83d\\udea8\"", "{}", "[]", "[1,\"a\",null,[],{}]",
            "{\"Arn\":\" arn:aws:cloudwatch:eu-west-1:111111111111:alarm:c \"}",
            "[{\"Arn\":\"arn:aws:cloudwatch:eu-west-1:111111111111:alarm:c\"},{\"arn\":\"x\"},{\"Arn\":null,\"arn\":\"y\"},\"z\"]",
            "[{\"name\":\"n\",\"value\":\"v\"},{\"Name\":\" N \",\"Value\":2},{\"name\":\"n\",\"value\":\"w\"},{\"name\":\"m\"},5]",
            "[{\"Expression\":\"ANOMALY_DETECTION_BAND(m1, 2)\",\"ReturnData\":true},{\"Id\":\"m1\",\"ReturnData\":false,"
                    + "\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/EC2\",\"MetricName\":\"CPU\",\"Dimensions\":"
                    + "[{\"name\":\"InstanceId\",\"value\":\"i-1\"}]},\"Stat\":\"p99\"}},{\"MetricStat\":{\"Stat\":\"Sum\"}},7]",
            "[{\"Expression\":\"m1 * 2\",\"ReturnData\":false},{\"Expression\":\"m1 * 3\",\"ReturnData\":\"true\"},"
                    + "{\"Expression\":\"FILL(m1, 0)\",\"ReturnData\":true}]",
            "{\"Metric\":{\"Namespace\":\"N\"},\"Stat\":\"Average\"}",
            // Number literals the reader takes as they are, and near misses it must leave to the tree.
            "-0", "300", "-42", "123456789012345678", "1234567890123456789", "0.0", "0.05", "0.001", "0.0001",
            "1.50", "-12.25", "1234567.5", "12345678.5", "9999999.99999999", "0.30000000000000004", "1.0E2", "1e2",
            "100.0", "-0.5");

    private final CloudWatchAlarms alarms = new CloudWatchAlarms();

    @Test
    void read_shouldEmitWhatTheTreePathEmits_whenGivenEveryAlarmMessageInTheResources() {
        // GIVEN every CloudWatch alarm message in the test resources (whole files, or the JSON text of a
        // Message, a body or any other string inside them)
        List<String> messages = alarmMessages();
        assertThat(messages).as("alarm messages found").hasSizeGreaterThanOrEqualTo(15);

        for (String message : messages) {
            for (Origin origin : origins(message)) {
                // WHEN both paths read it
                Outcome streamed = streamed(origin, message);
                Outcome tree = tree(origin, message);

                // THEN the reader takes every real message, and the signals are the same
                assertThat(streamed).as("streamed %s", message).isNotNull();
                assertThat(streamed).as("streamed against the tree path for %s", message).isEqualTo(tree);
            }
        }
    }

    @Test
    void read_shouldEmitWhatTheTreePathEmitsOrDecline_whenGivenMalformedOrUnusualVariants() {
        // GIVEN variants of every alarm message: each value (at any depth) replaced or removed, keys
        // repeated or escaped, the text cut or followed by more
        int taken = 0;
        int declined = 0;
        for (String message : alarmMessages()) {
            JsonNode tree = parse(message);
            List<String> variants = new ArrayList<>();
            variants(tree, List.of(), tree, variants);
            variants.addAll(textVariants(message));
            Origin origin = origins(message).getFirst();
            for (String variant : variants) {
                // WHEN both paths read it
                Outcome streamed = streamed(origin, variant);
                Outcome fromTree = tree(origin, variant);

                // THEN the reader declines, or emits exactly what the tree path emits
                if (streamed == null) {
                    declined++;
                } else {
                    taken++;
                    assertThat(fromTree).as("the tree path takes what the reader took: %s", variant).isNotNull();
                    assertThat(streamed).as("streamed against the tree path for %s", variant).isEqualTo(fromTree);
                }
            }
        }
        // Both sides of the comparison were exercised.
        assertThat(taken).as("variants the reader took").isGreaterThan(5_000);
        assertThat(declined).as("variants the reader declined").isGreaterThan(500);
    }

    @Test
    void read_shouldDecline_whenTheTextIsNotAnAlarmMessage() {
        // GIVEN texts the general path does not read as an alarm message
        List<String> texts = List.of("", "   ", "plain text", "[]", "[{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\"}]",
                "{\"AlarmName\":\"a\"}", "{\"NewStateValue\":\"ALARM\"}", "{\"AlarmName\":\" \",\"NewStateValue\":\"ALARM\"}",
                "{\"AlarmName\":\"a\",\"NewStateValue\":{}}", "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\"",
                "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\",}", "{\"AlarmName\":\"a\" \"NewStateValue\":\"ALARM\"}",
                "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\",\"AlarmName\":\"b\"}",
                "\uFEFF{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\"}");

        for (String text : texts) {
            // WHEN the reader reads it
            SnsAlarmMessage read = SnsAlarmMessageReader.read(text);

            // THEN it declines, and the general path decides
            assertThat(read).as("read %s", text).isNull();
        }
    }

    // ---- the two paths --------------------------------------------------------------------------

    /** What one path emitted: null when it did not take the text as an alarm message. */
    private record Outcome(List<?> signals, List<?> ignored) {
    }

    @Nullable
    private Outcome streamed(Origin origin, String text) {
        SignalSink sink = new SignalSink(Samples.RECEIVED);
        return alarms.fromSnsMessageText(origin, text, sink) ? new Outcome(sink.signals(), sink.ignored()) : null;
    }

    /** The general path, as {@code Router.message} takes it. */
    @Nullable
    private Outcome tree(Origin origin, String text) {
        JsonNode node = Json.parseIfJson(text);
        if (node == null || !node.isObject() || !CloudWatchAlarms.isSnsAlarmMessage(node)) {
            return null;
        }
        SignalSink sink = new SignalSink(Samples.RECEIVED);
        alarms.fromSnsMessage(origin, node, sink);
        return new Outcome(sink.signals(), sink.ignored());
    }

    /** An SNS delivery (topic, id, time) and a bare message (no envelope: the signal id is a fingerprint). */
    private static List<Origin> origins(String message) {
        return List.of(
                new Origin("Records[0].Sns", "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                        "arn:aws:sns:eu-west-1:123456789012:klaxon-alarms", "ALARM: \"x\"",
                        Instant.parse("2021-11-10T02:45:56Z"), Map.of("team", "payments"), message),
                Origin.bare("input", message));
    }

    // ---- the messages ---------------------------------------------------------------------------

    /** Every alarm message in the resources, as text: whole files and JSON texts nested in strings. */
    private static List<String> alarmMessages() {
        Set<String> out = new LinkedHashSet<>();
        for (String text : resourceTexts()) {
            collect(text, out);
        }
        return List.copyOf(out);
    }

    private static void collect(String text, Set<String> out) {
        JsonNode node = Json.parseIfJson(text);
        if (node == null) {
            return;
        }
        if (node.isObject() && CloudWatchAlarms.isSnsAlarmMessage(node)) {
            out.add(text);
        }
        strings(node, s -> collect(s, out));
    }

    private static void strings(JsonNode node, java.util.function.Consumer<String> each) {
        if (node.isString()) {
            each.accept(node.getStringValue());
        } else if (node.isObject()) {
            node.entries().forEach(e -> strings(e.getValue(), each));
        } else if (node.isArray()) {
            node.values().forEach(v -> strings(v, each));
        }
    }

    private static List<String> resourceTexts() {
        try {
            Path root = Path.of(SnsAlarmMessageReaderTest.class.getResource("/samples").toURI()).getParent();
            try (Stream<Path> files = Files.walk(root)) {
                List<String> out = new ArrayList<>();
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    out.add(Files.readString(file, StandardCharsets.UTF_8));
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- variants -------------------------------------------------------------------------------

    /** For each value under {@code node} (at {@code path} in {@code root}): the root with it replaced by each replacement, or removed. */
    private static void variants(JsonNode root, List<Object> path, JsonNode node, List<String> out) {
        if (!path.isEmpty()) {
            for (String replacement : REPLACEMENTS) {
                out.add(Json.write(replaced(root, path, 0, replacement.equals("null") ? JsonNode.nullNode() : parse(replacement))));
            }
            out.add(Json.write(replaced(root, path, 0, null)));
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.entries()) {
                variants(root, append(path, e.getKey()), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                variants(root, append(path, i), node.get(i), out);
            }
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> out = new ArrayList<>(path);
        out.add(step);
        return out;
    }

    /** A copy of {@code node} with the value at {@code path} replaced ({@code null}: removed). */
    private static JsonNode replaced(JsonNode node, List<Object> path, int depth, @Nullable JsonNode value) {
        Object step = path.get(depth);
        boolean last = depth == path.size() - 1;
        if (node.isObject()) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.entries()) {
                if (!e.getKey().equals(step)) {
                    fields.put(e.getKey(), e.getValue());
                } else if (!last) {
                    fields.put(e.getKey(), replaced(e.getValue(), path, depth + 1, value));
                } else if (value != null) {
                    fields.put(e.getKey(), value);
                }
            }
            return JsonNode.createObjectNode(fields);
        }
        List<JsonNode> elements = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!step.equals(i)) {
                elements.add(node.get(i));
            } else if (!last) {
                elements.add(replaced(node.get(i), path, depth + 1, value));
            } else if (value != null) {
                elements.add(value);
            }
        }
        return JsonNode.createArrayNode(elements);
    }

    /** Variants of the text itself: cut short, followed by more, padded, keys repeated or escaped. */
    private static List<String> textVariants(String message) {
        List<String> out = new ArrayList<>();
        for (int cut = 1; cut < message.length(); cut += Math.max(1, message.length() / 40)) {
            out.add(message.substring(0, cut) + "}");
        }
        out.add(message + " trailing");
        out.add(message + "}");
        out.add(message + " {\"AlarmName\":\"other\"}");
        out.add(" \n\t" + message + "\r\n ");
        out.add("\u2003" + message + "\u001F");
        // Numbers past the parser's length limit, in a field the reader skips: both paths refuse the text.
        for (String tooLong : List.of("9".repeat(1001), "0." + "5".repeat(1001))) {
            out.add("{\"Unread\":" + tooLong + "," + message.strip().substring(1));
            out.add(message.replace("\"Trigger\":{", "\"Trigger\":{\"Unread\":[" + tooLong + "],"));
        }
        for (String key : List.of("AlarmName", "NewStateValue", "Trigger", "Dimensions", "Metrics", "MetricStat",
                "Metric", "TriggeringChildren", "Threshold", "name", "Expression", "ReturnData", "Stat")) {
            String quoted = "\"" + key + "\":";
            int at = message.indexOf(quoted);
            if (at >= 0) {
                // The key repeated before its first occurrence, and the key written with an escape.
                out.add(message.substring(0, at) + quoted + "\"repeated\"," + message.substring(at));
                out.add(message.substring(0, at) + "\"\\u" + String.format("%04x", (int) key.charAt(0)) + key.substring(1)
                        + "\":" + message.substring(at + quoted.length()));
            }
        }
        return out;
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
