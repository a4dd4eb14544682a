package io.klaxon.ingest.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.AlertSignal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A name cleaned once ({@link LabelName}) labels a signal exactly as the same name given as text. */
class LabelNameTest {

    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void label_shouldGiveTheSameLabelsAsTheNameAsText_whenNamesAreCleanDirtyBlankOrRepeated() {
        // GIVEN names with and without control characters, a name repeated, a blank and a null value
        List<String> names = List.of("alarmName", "state", "a\u0000b", "tab\there", "c1\u0085x", "state", "empty",
                "missing", "line\nbreak");
        List<String> values = List.of("one", "ALARM", "v\u0007", "x", "y", "second", " ", "", "z");
        SignalBuilder asText = builder();
        SignalBuilder asName = builder();

        // WHEN each builder is given them, one as text, the other as LabelName
        for (int i = 0; i < names.size(); i++) {
            asText.label(names.get(i), values.get(i));
            asName.label(LabelName.of(names.get(i)), values.get(i));
        }
        AlertSignal expected = asText.build(AT);
        AlertSignal actual = asName.build(AT);

        // THEN the labels are the same, in the same order, and no name keeps a control character
        assertThat(List.copyOf(actual.labels().entrySet())).isEqualTo(List.copyOf(expected.labels().entrySet()));
        assertThat(actual.labels()).containsKeys("a b", "tab here", "c1 x", "line break")
                .doesNotContainKeys("empty", "missing");
        assertThat(LabelName.of("a\u0001b").text()).isEqualTo("a b");
    }

    private static SignalBuilder builder() {
        return new SignalBuilder("test").alertKey("key").signalId("id");
    }
}
