package io.klaxon.ingest.signal;

import io.klaxon.ingest.text.PlainText;
import java.util.Objects;

/**
 * A label name cleaned once, for the names a normalizer writes as constants ({@code alarmName}, {@code state},
 * ...). {@link SignalBuilder#label(String, String)} cleans its name on every call, as it must for names taken
 * from the input ({@code dimension.<name>}); {@link SignalBuilder#label(LabelName, String)} does not, which an
 * alarm's dozen constant names save on every event (docs/benchmarks.md, "CloudWatch alarm: Klaxon beside a
 * Python formatter", eighth round).
 */
public record LabelName(String text) {

    /** Cleans the name as {@link SignalBuilder#label(String, String)} would ({@link PlainText#noControls}). */
    public LabelName {
        text = PlainText.noControls(Objects.requireNonNull(text, "text"));
    }

    public static LabelName of(String text) {
        return new LabelName(text);
    }

    // The text's own hash (cached by String) and comparison: these are map keys (an alarm's settings).
    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof LabelName name && name.text.equals(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
