package io.klaxon.config;

import java.util.Optional;

/**
 * Who an escalation level mentions, as written in the file: {@code user:U…}, {@code group:S…}
 * (a Slack user group), {@code schedule:NAME} (whoever is on call when the level fires: resolved
 * then, not when the alert opened), {@code here} or {@code channel}.
 */
public sealed interface Mention {

    /** The text as the file writes it; parsing it gives this mention back. */
    String text();

    record User(String id) implements Mention {
        public String text() {
            return "user:" + id;
        }
    }

    record Group(String id) implements Mention {
        public String text() {
            return "group:" + id;
        }
    }

    record OnCall(String schedule) implements Mention {
        public String text() {
            return "schedule:" + schedule;
        }
    }

    /** {@code here} or {@code channel}. */
    record Broadcast(String which) implements Mention {
        public String text() {
            return which;
        }
    }

    String USER_ID = "[UW][A-Z0-9]+";
    String GROUP_ID = "S[A-Z0-9]+";
    String NAME = "[a-z0-9][a-z0-9_-]{0,63}";

    /** Empty when {@code text} is none of the forms above. */
    static Optional<Mention> parse(String text) {
        if (text.equals("here") || text.equals("channel")) {
            return Optional.of(new Broadcast(text));
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String kind = text.substring(0, colon);
        String value = text.substring(colon + 1);
        return switch (kind) {
            case "user" -> value.matches(USER_ID) ? Optional.of(new User(value)) : Optional.empty();
            case "group" -> value.matches(GROUP_ID) ? Optional.of(new Group(value)) : Optional.empty();
            case "schedule" -> value.matches(NAME) ? Optional.of(new OnCall(value)) : Optional.empty();
            default -> Optional.empty();
        };
    }
}
