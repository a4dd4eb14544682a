package io.klaxon.ingest.signal;

import static io.klaxon.ingest.testing.Samples.RECEIVED;
import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.ingest.NormalizeResult;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.UnreadableInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A name from the outside (an alarm's, a topic's, an SNS Type) is logged and shown in Slack: a
 * newline in it would forge a log line, NUL/ESC/BEL would reach terminals and clients. No field
 * ingest produces carries a control character; only a summary keeps its line breaks.
 */
class ControlCharactersTest {

    /** A newline, NUL, an ANSI colour (ESC) and BEL, written as they must appear inside the SNS Message string. */
    private static final String EVIL_NAME_IN_MESSAGE = "Evil\\\\nINFO forged line\\\\u0000\\\\u001b[31mred\\\\u0007";

    private final Normalizer normalizer = new Normalizer();

    @Test
    void normalize_shouldCarryNoControlCharacters_whenAnAlarmNameHasThem() {
        // GIVEN an SNS CloudWatch alarm whose name has a newline, NUL, ESC and BEL
        String input = read("sns-cloudwatch/seed-blog-lambda-test-event.json")
                .replace("\\\"AlarmName\\\":\\\"Example alarm name\\\"", "\\\"AlarmName\\\":\\\"" + EVIL_NAME_IN_MESSAGE + "\\\"");
        assertThat(input).contains("forged line");

        // WHEN
        AlertSignal signal = normalizer.normalize(input, RECEIVED).signals().getFirst();

        // THEN the name survives as text, and no field has a control character
        assertThat(signal.title()).isEqualTo("Evil INFO forged line [31mred");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Evil INFO forged line  [31mred ");
        assertThat(singleLineFields(signal)).allSatisfy(v -> assertThat(v).doesNotContainPattern("\\p{Cntrl}|[\\u0080-\\u009f]"));
        assertThat(signal.summary()).doesNotContainPattern("[\\p{Cntrl}&&[^\\n]]|[\\u0080-\\u009f]");
    }

    @Test
    void ignoredItem_shouldCarryNoControlCharacters_whenTheIgnoredAlarmNameHasThem() {
        // GIVEN the same alarm in INSUFFICIENT_DATA, which is ignored with its name in the item
        String input = read("sns-cloudwatch/seed-blog-lambda-test-event.json")
                .replace("\\\"AlarmName\\\":\\\"Example alarm name\\\"", "\\\"AlarmName\\\":\\\"" + EVIL_NAME_IN_MESSAGE + "\\\"")
                .replace("\\\"NewStateValue\\\":\\\"ALARM\\\"", "\\\"NewStateValue\\\":\\\"INSUFFICIENT_DATA\\\"");

        // WHEN
        NormalizeResult result = normalizer.normalize(input, RECEIVED);

        // THEN the item is logged on one line
        assertThat(result.signals()).isEmpty();
        assertThat(result.ignored()).singleElement().satisfies(i -> {
            assertThat(i.item()).contains("forged line").doesNotContainPattern("\\p{Cntrl}");
            assertThat(i.reason()).doesNotContainPattern("\\p{Cntrl}");
        });
    }

    @Test
    void unreadableReason_shouldCarryNoControlCharacters_whenItQuotesAValueWithThem() {
        // GIVEN an SNS record whose Type has a newline and an ESC
        String input = "{\"Records\": [{\"Sns\": {\"Type\": \"Weird\\nINFO forged\\u001b\", \"Message\": \"x\"}}]}";

        // WHEN / THEN the reason quotes it on one line
        assertThatThrownBy(() -> normalizer.normalize(input, RECEIVED))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("Weird INFO forged")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\p{Cntrl}"));
    }

    private static List<String> singleLineFields(AlertSignal s) {
        List<String> values = new ArrayList<>(List.of(s.alertKey(), s.signalId(), s.title(), s.sourceKind()));
        if (s.account() != null) {
            values.add(s.account());
        }
        if (s.region() != null) {
            values.add(s.region());
        }
        values.addAll(s.resources());
        values.addAll(s.labels().keySet());
        values.addAll(s.labels().values());
        s.links().stream().map(Link::label).forEach(values::add);
        s.links().stream().map(Link::url).forEach(values::add);
        return values;
    }
}
