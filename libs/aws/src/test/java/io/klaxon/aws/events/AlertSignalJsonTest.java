package io.klaxon.aws.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AlertSignalJson} must write exactly the text Jackson's character generator wrote for a signal
 * ({@link JacksonAlertSignalJson}, the writer it replaced): same escapes, same characters left as they
 * are, same nulls and omitted link members. Compared on edge strings in every string field, then on
 * random signals built from characters that need every kind of treatment.
 */
class AlertSignalJsonTest {

    /** Strings that each exercise one rule of the escaping, or the lack of one. */
    static final List<String> EDGES = List.of("", "plain", " ", "\"", "\\", "\"\\\"", "/", "a\"b\\c",
            "\u0000", "\u0001\u001f", "\b\t\n\f\r", "tab\there\nnewline", "\u000b\u000e\u001b", "\u007f", "\u0080\u009f",
            "é à ü ß", "\u00ff", "\u0100", "日本語", "\u2028\u2029", "\uD83D\uDD25 fire", "\uD83D", "\uDD25", "x\uD83Dy",
            "\uFEFF", "\uFFFF", "<b>&amp;</b>", "\\u0041", "end with escape\n", "\nstart with escape",
            "x".repeat(20_000) + "\"");

    static Stream<String> edges() {
        return EDGES.stream();
    }

    @ParameterizedTest
    @MethodSource("edges")
    void write_shouldMatchJacksonsGenerator_whenEveryStringFieldHoldsAnEdgeString(String edge) throws IOException {
        // GIVEN a signal with the string in every string field, label name and value, resource and link member
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("name", edge);
        labels.put(edge.isEmpty() ? "empty-name-stand-in" : edge, "value");
        AlertSignal signal = new AlertSignal(edge, edge, edge, SignalStatus.RECOVERED, Severity.CRITICAL, edge, edge, edge,
                edge, edge, List.of(edge, edge), Instant.parse("2026-03-29T01:30:00.5Z"),
                List.of(new Link(edge, edge), new Link("label", edge), new Link(edge, "https://x")), labels);

        // WHEN both writers write it
        String written = AlertSignalJson.write(signal);

        // THEN the texts are the same
        assertThat(written).isEqualTo(JacksonAlertSignalJson.signal(signal));
    }

    @Test
    void write_shouldWriteNull_whenFieldsAreNull() throws IOException {
        // GIVEN a signal whose nullable fields, and those the record does not check, are null
        AlertSignal signal = new AlertSignal(null, null, null, null, null, null, null, null, null, null, null, null,
                List.of(new Link(null, null), new Link(null, "u"), new Link("l", null), new Link("", "")), null);

        // WHEN both writers write it
        String written = AlertSignalJson.write(signal);

        // THEN the texts are the same, nulls written and empty link members left out
        assertThat(written).isEqualTo(JacksonAlertSignalJson.signal(signal));
        assertThat(written).contains("\"account\":null", "\"occurredAt\":null", "\"links\":[{},{\"url\":\"u\"},{\"label\":\"l\"},{}]");
    }

    @Test
    void write_shouldMatchJacksonsGenerator_whenSignalsAreRandom() throws IOException {
        // GIVEN random signals, one after another on one thread (the writer reuses its buffer between them)
        Random random = new Random(20261125L);
        int compared = 0;
        for (int round = 0; round < 3_000; round++) {
            AlertSignal signal = randomSignal(random);

            // WHEN both writers write one
            String written = AlertSignalJson.write(signal);

            // THEN the texts are the same
            assertThat(written).as("round %d", round).isEqualTo(JacksonAlertSignalJson.signal(signal));
            compared++;
        }
        assertThat(compared).isEqualTo(3_000);
    }

    private static AlertSignal randomSignal(Random random) {
        List<String> resources = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            resources.add(randomString(random));
        }
        List<Link> links = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            links.add(new Link(randomNullable(random), randomNullable(random)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = random.nextInt(20); i > 0; i--) {
            labels.put(randomString(random), randomString(random));
        }
        SignalStatus[] statuses = SignalStatus.values();
        Severity[] severities = Severity.values();
        return new AlertSignal(randomString(random), randomString(random), randomString(random),
                statuses[random.nextInt(statuses.length)], severities[random.nextInt(severities.length)],
                randomString(random), randomNullable(random), randomString(random), randomNullable(random),
                randomNullable(random), resources, random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong(1L << 42)),
                links, labels);
    }

    private static String randomNullable(Random random) {
        return random.nextInt(8) == 0 ? null : randomString(random);
    }

    /** Mostly plain text, as real signals are, with any of the characters that need care mixed in. */
    private static String randomString(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return EDGES.get(random.nextInt(EDGES.size() - 1)); // not the long one every time
        }
        int length = random.nextInt(kind < 5 ? 12 : 300);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(100);
            if (pick < 70) {
                s.append((char) (' ' + random.nextInt(95))); // printable ASCII, quotes and backslashes among them
            } else if (pick < 78) {
                s.append((char) random.nextInt(0x20)); // controls
            } else if (pick < 82) {
                s.append(random.nextBoolean() ? '"' : '\\');
            } else if (pick < 88) {
                s.append((char) (0x7f + random.nextInt(0x181))); // DEL, C1 controls, Latin-1, Latin Extended
            } else if (pick < 92) {
                s.appendCodePoint(0x1F300 + random.nextInt(0x300)); // outside the BMP
            } else if (pick < 95) {
                s.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate
            } else {
                s.append((char) random.nextInt(0x10000)); // anything
            }
        }
        return s.toString();
    }
}
