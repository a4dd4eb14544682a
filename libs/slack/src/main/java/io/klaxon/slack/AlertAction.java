package io.klaxon.slack;

import java.time.Duration;
import java.util.Optional;

/**
 * The buttons on an alert message and what they carry. A button's value is only
 * {@code <alertId>:<version>} — never a task token — so a click can be checked against the
 * current version and a stale one never wins.
 */
public enum AlertAction {
    CLAIM("klaxon.claim"),
    RESOLVE("klaxon.resolve"),
    UNCLAIM("klaxon.unclaim"),
    SNOOZE("klaxon.snooze");

    /**
     * How long the message's Snooze button snoozes an alert. The button carries only the alert and
     * version, so the renderer (its label) and interact (the command) both read it from here.
     */
    public static final Duration BUTTON_SNOOZE = Duration.ofHours(1);

    private final String actionId;

    AlertAction(String actionId) {
        this.actionId = actionId;
    }

    /** The Block Kit {@code action_id}. */
    public String actionId() {
        return actionId;
    }

    public static Optional<AlertAction> fromActionId(String actionId) {
        for (AlertAction a : values()) {
            if (a.actionId.equals(actionId)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The button value for an alert at a version. */
    public static String value(String alertId, long version) {
        return alertId + ":" + version;
    }

    /** Parses a button value; empty when it is not {@code <alertId>:<version>}. */
    public static Optional<Target> parseValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Target(value.substring(0, colon), Long.parseLong(value.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public record Target(String alertId, long version) {
    }
}
