package io.klaxon.domain.signal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/** How loud an alert is. Ordered from the loudest; persisted and published by its lower-case name. */
@Serdeable
public enum Severity {
    CRITICAL, HIGH, WARNING, INFO;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** True when this severity is at least as loud as {@code other}. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }
}
