package io.klaxon.slack.render;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.signal.Severity;

/**
 * Colours and emoji by state and severity (ADR 0003). Slack colours a bar only through
 * {@code attachments[].color}; the emoji in the header carries the same meaning for readers who
 * cannot tell the colours apart and for clients that do not show the bar.
 */
public final class Palette {

    private Palette() {
    }

    /**
     * An unclaimed alert is as loud as its severity; once someone owns it the bar turns purple,
     * grey while snoozed and green when resolved, so a channel scrolls from red to green.
     */
    public static String color(AlertState state, Severity severity) {
        return switch (state) {
            case UNCLAIMED -> switch (severity) {
                case CRITICAL -> "#D40E0D";
                case HIGH -> "#F2952F";
                case WARNING -> "#ECB22E";
                case INFO -> "#36C5F0";
            };
            case CLAIMED -> "#7C3AED";
            case SNOOZED -> "#9AA0A6";
            case RESOLVED -> "#2EB67D";
        };
    }

    public static String severityEmoji(Severity severity) {
        return switch (severity) {
            case CRITICAL -> ":red_circle:";
            case HIGH -> ":large_orange_circle:";
            case WARNING -> ":large_yellow_circle:";
            case INFO -> ":large_blue_circle:";
        };
    }

    /** The header's emoji: the severity while nobody owns it, then the state. */
    public static String headerEmoji(AlertState state, Severity severity) {
        return switch (state) {
            case UNCLAIMED -> severityEmoji(severity);
            case CLAIMED -> ":eyes:";
            case SNOOZED -> ":zzz:";
            case RESOLVED -> ":white_check_mark:";
        };
    }

    /** The emoji that opens a thread reply for a timeline entry of this kind. */
    public static String timelineEmoji(TimelineKind kind) {
        if (kind == null) {
            return ":memo:";
        }
        return switch (kind) {
            case OPENED -> ":rotating_light:";
            case REFIRED -> ":repeat:";
            case CLAIMED -> ":raising_hand:";
            case UNCLAIMED -> ":leftwards_arrow_with_hook:";
            case ESCALATED -> ":mega:";
            case SNOOZED -> ":zzz:";
            case WOKE -> ":alarm_clock:";
            case RECOVERED -> ":chart_with_downwards_trend:";
            case RESOLVED -> ":white_check_mark:";
            case REMINDER -> ":hourglass_flowing_sand:";
            case NOTE -> ":memo:";
            case ASSIGNED -> ":point_right:";
        };
    }
}
