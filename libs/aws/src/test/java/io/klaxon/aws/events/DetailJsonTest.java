package io.klaxon.aws.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written signal writer must produce the text Micronaut Serialization produces for the same
 * signal (consumers of the bus were built against the mapper's output), except for one documented
 * difference: a character outside the BMP is written as itself, where the mapper escapes its
 * surrogate pair.
 */
class DetailJsonTest {

    private static final ObjectMapper MAPPER = ObjectMapper.getDefault();
    private static final Pattern SURROGATE_PAIR_ESCAPE =
            Pattern.compile("\\\\u(d[89ab][0-9a-f]{2})\\\\u(d[c-f][0-9a-f]{2})", Pattern.CASE_INSENSITIVE);

    /** The mapper's text with its surrogate-pair escapes written as the characters they stand for. */
    static String asTheWriterWritesIt(String mapperText) {
        return SURROGATE_PAIR_ESCAPE.matcher(mapperText).replaceAll(m -> Matcher.quoteReplacement(
                new String(new char[] {(char) Integer.parseInt(m.group(1), 16), (char) Integer.parseInt(m.group(2), 16)})));
    }

    static Stream<AlertSignal> signals() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", "AWS/RDS");
        labels.put("dimension.DBInstanceIdentifier", "orders-primary");
        labels.put("quote\"and\\backslash", "tab\there\nnewline \u0001 control");
        labels.put("unicode", "é 日本 \uD83D\uDD25 \u2028 line separator");
        return Stream.of(
                signal("plain", Instant.parse("2026-03-29T01:30:00Z"), "123456789012", "eu-central-1",
                        List.of("arn:aws:rds:eu-central-1:123456789012:db:orders-primary"),
                        List.of(new Link("Open in console", "https://console.aws.amazon.com/?a=1&b=<2>")), labels),
                signal("nulls and empties", Instant.parse("2026-03-29T01:30:00.123456789Z"), null, null, List.of(),
                        List.of(new Link("", "https://x"), new Link(null, null)), Map.of()),
                signal("html <b>&</b> and \"quotes\" / slash", Instant.ofEpochMilli(0), "000000000000", "us-east-1",
                        List.of("a", "", "c\u0000d"), List.of(), Map.of("k", "v")));
    }

    @ParameterizedTest
    @MethodSource("signals")
    void write_shouldMatchTheMapper_whenGivenAnAlertSignal(AlertSignal signal) throws IOException {
        // GIVEN the mapper's text for the signal
        String expected = asTheWriterWritesIt(MAPPER.writeValueAsString(signal));

        // WHEN the publisher's writer writes it
        String written = new DetailJson(MAPPER).write(signal);

        // THEN it is the same text, and the same JSON value
        assertThat(written).isEqualTo(expected);
        assertThat(MAPPER.readValue(written, JsonNode.class)).isEqualTo(MAPPER.readValue(MAPPER.writeValueAsString(signal),
                JsonNode.class));
    }

    private static AlertSignal signal(String title, Instant at, String account, String region, List<String> resources,
                                      List<Link> links, Map<String, String> labels) {
        return new AlertSignal(BusContract.SCHEMA_VERSION, "key:" + title, "sig-" + title.length(), SignalStatus.FIRING,
                Severity.HIGH, title, "summary of " + title + "\nsecond line", "cloudwatch-alarm", account, region,
                resources, at, links, labels);
    }
}
