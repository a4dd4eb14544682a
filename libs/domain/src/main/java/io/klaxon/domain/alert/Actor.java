package io.klaxon.domain.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/**
 * Who caused a transition: a Slack user, the system (timers, recoveries) or an API caller.
 *
 * @param name a display name when the channel knows one (for example the Slack user name)
 */
@Serdeable
public record Actor(Kind kind, String id, @Nullable String name) {

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "klaxon", "Klaxon");

    public static Actor slack(String userId, @Nullable String name) {
        return new Actor(Kind.SLACK, userId, name);
    }

    @Serdeable
    public enum Kind {
        SLACK, SYSTEM, API;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
