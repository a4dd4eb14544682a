package io.klaxon.slack;

import java.time.Duration;
import java.util.Optional;

/**
 * The two menus on an open alert's message, beside its buttons: a select of snooze durations and an
 * overflow ("⋯") of the actions that need a form (a modal). Like a button, every option's value
 * carries {@code <choice>:<alertId>:<version>}, never a token, so a stale choice never wins.
 *
 * <p>Slack sends the chosen option (not a value of the element) in {@code selected_option.value}.
 */
public final class MessageMenu {

    /** The select of snooze durations. */
    public static final String SNOOZE_ACTION_ID = "klaxon.snooze.choose";
    /** The overflow of actions that open a modal. */
    public static final String MORE_ACTION_ID = "klaxon.more";

    private MessageMenu() {
    }

    /** A snooze choice: a fixed duration, or until 09:00 tomorrow in the route's schedule zone. */
    public enum SnoozeChoice {
        MINUTES_15("15m", "15 minutes", Duration.ofMinutes(15)),
        HOUR_1("1h", "1 hour", Duration.ofHours(1)),
        HOURS_4("4h", "4 hours", Duration.ofHours(4)),
        /** Until 09:00 tomorrow in the zone of the schedule the route's policy names first (UTC if none). */
        TOMORROW("tomorrow", "Until tomorrow 09:00", null);

        private final String code;
        private final String label;
        private final Duration duration;

        SnoozeChoice(String code, String label, Duration duration) {
            this.code = code;
            this.label = label;
            this.duration = duration;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }

        /** The fixed duration; empty for {@link #TOMORROW}, whose end depends on the alert's zone. */
        public Optional<Duration> duration() {
            return Optional.ofNullable(duration);
        }
    }

    /** The actions that open a modal, in the overflow's order. */
    public enum ModalAction {
        REASSIGN("reassign", "Reassign…"),
        NOTE("note", "Add note…"),
        RESOLVE_WITH_NOTE("resolve", "Resolve with note…");

        private final String code;
        private final String label;

        ModalAction(String code, String label) {
            this.code = code;
            this.label = label;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }
    }

    /** A chosen option, decoded: which choice, on which alert at which version. */
    public record Choice(String code, AlertAction.Target target) {
    }

    /** The option value for a choice on an alert at a version. */
    public static String value(String code, String alertId, long version) {
        return code + ":" + AlertAction.value(alertId, version);
    }

    /** Parses an option value; empty when it is not {@code <choice>:<alertId>:<version>}. */
    public static Optional<Choice> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return AlertAction.parseValue(value.substring(colon + 1))
                .map(target -> new Choice(value.substring(0, colon), target));
    }

    public static Optional<SnoozeChoice> snoozeChoice(String code) {
        for (SnoozeChoice c : SnoozeChoice.values()) {
            if (c.code.equals(code)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static Optional<ModalAction> modalAction(String code) {
        for (ModalAction a : ModalAction.values()) {
            if (a.code.equals(code)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
