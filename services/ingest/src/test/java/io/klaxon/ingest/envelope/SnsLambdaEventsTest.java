package io.klaxon.ingest.envelope;

import static io.klaxon.ingest.testing.Samples.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.ingest.NormalizeResult;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.routing.Router;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SNS Lambda event read from its bytes, with {@code Subject}, {@code Timestamp} and
 * {@code MessageAttributes} read only when asked for, gives exactly what the whole tree gives.
 */
class SnsLambdaEventsTest {

    private final Normalizer normalizer = new Normalizer();

    @Test
    void normalize_shouldMatchTheTree_whenGivenEverySnsLambdaEventSample() throws IOException {
        // GIVEN every sample that is an SNS Lambda event
        int compared = 0;
        for (String sample : samples()) {
            String text = Samples.read(sample);
            if (SnsLambdaEvents.read(text.getBytes(StandardCharsets.UTF_8)) == null) {
                continue;
            }
            // WHEN / THEN read from the bytes, it is what the tree of the whole input gives
            assertThat(normalizer.normalize(text, RECEIVED)).as(sample).isEqualTo(fromTree(text));
            compared++;
        }
        assertThat(compared).as("SNS Lambda event samples").isGreaterThan(15);
    }

    @Test
    void normalize_shouldMatchTheTree_whenTheDeferredFieldsTakeEveryKindOfValue() throws IOException {
        // GIVEN a plain-text SNS message (the generic path reads subject, time and attributes) whose Subject,
        // Timestamp and MessageAttributes are absent, strings, blank, numbers, objects, arrays, null or
        // repeated, before or after the Message
        List<String> subjects = List.of("", "\"Subject\":\"Disk \\\"warning\\\" é\",", "\"Subject\":\"  \",",
                "\"Subject\":42,", "\"Subject\":{\"a\":1},", "\"Subject\":[1],", "\"Subject\":null,",
                "\"Subject\":\"first\",\"Subject\":5,", "\"Subject\":5,\"Subject\":\"second\",",
                "\"Subject\":\"first\",\"Subject\":\"second\",");
        List<String> times = List.of("", "\"Timestamp\":\"2021-11-10T02:45:55.681Z\",", "\"Timestamp\":\"soon\",",
                "\"Timestamp\":1636512355681,", "\"Timestamp\":{\"x\":1},", "\"Timestamp\":null,");
        List<String> attributes = List.of("", "\"MessageAttributes\":{},", "\"MessageAttributes\":\"none\",",
                "\"MessageAttributes\":null,", "\"MessageAttributes\":{\"team\":{\"Type\":\"String\",\"Value\":\"db\"},"
                        + "\"n\":{\"Type\":\"Number\",\"Value\":\"7\"},\"b\":{\"Type\":\"Binary\",\"Value\":\"AAA=\"}},");
        String head = "\"Type\":\"Notification\",\"MessageId\":\"m-1\","
                + "\"TopicArn\":\"arn:aws:sns:eu-west-1:123456789012:ops\",";
        String message = "\"Message\":\"Disk almost full on host-1\",";
        int compared = 0;
        for (String subject : subjects) {
            for (String time : times) {
                for (String attribute : attributes) {
                    for (boolean deferredFirst : new boolean[] {true, false}) {
                        String fields = deferredFirst ? head + subject + time + attribute + message
                                : head + message + attribute + time + subject;
                        String input = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{"
                                + fields + "\"SignatureVersion\":\"1\"}}]}";

                        // WHEN / THEN
                        assertThat(normalizer.normalize(input, RECEIVED)).as(input).isEqualTo(fromTree(input));
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(600);
    }

    /** What the general path gives: the whole input's tree, opened as the Normalizer opens any other input. */
    private static NormalizeResult fromTree(String input) throws IOException {
        SignalSink sink = new SignalSink(RECEIVED);
        new Envelopes(new Router()).open(Json.parse(input), input, sink);
        return new NormalizeResult(new ArrayList<>(sink.signals()), sink.ignored(), sink.confirmation());
    }

    private static List<String> samples() {
        return Samples.paths().stream().filter(path -> path.endsWith(".json")).toList();
    }
}
