package io.klaxon.slack;

import java.util.Optional;

/**
 * The controls on a storm message (ADR 0014) and what they carry: only the storm's id and, for a
 * group, the group's key; never a task token. Interact recomputes the group from the stored alerts,
 * so a click acts on the storm as it is, not as it was rendered.
 */
public enum StormAction {
    /** Claims every open, unclaimed alert of the storm. Value: {@code <stormId>}. */
    CLAIM_ALL("klaxon.storm.claim_all"),
    /** Claims every open, unclaimed alert of one group. Value: {@code <stormId>|<groupKey>}. */
    CLAIM_GROUP("klaxon.storm.claim_group"),
    /** Posts one alert as its own message (a select: the chosen option's value is the alert id). */
    OPEN_ALERT("klaxon.storm.open");

    private final String actionId;

    StormAction(String actionId) {
        this.actionId = actionId;
    }

    public String actionId() {
        return actionId;
    }

    public static Optional<StormAction> fromActionId(String actionId) {
        for (StormAction a : values()) {
            if (a.actionId.equals(actionId)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** A group button's value. */
    public static String groupValue(String stormId, String groupKey) {
        return stormId + "|" + groupKey;
    }

    /** The storm and group a group button names; empty when the value is not one. */
    public static Optional<Group> parseGroup(String value) {
        int bar = value == null ? -1 : value.indexOf('|');
        if (bar <= 0 || bar == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Group(value.substring(0, bar), value.substring(bar + 1)));
    }

    public record Group(String stormId, String groupKey) {
    }
}
