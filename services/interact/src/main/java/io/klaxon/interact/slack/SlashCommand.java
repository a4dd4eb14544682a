package io.klaxon.interact.slack;

import io.klaxon.slack.AlertAction;
import io.klaxon.slack.render.SlackText;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text after {@code /klaxon}: {@code claim <alertId>}, {@code resolve <alertId>},
 * {@code unclaim <alertId>}, {@code snooze <alertId> <30m|2h>}, the read-only {@code oncall [SCHEDULE…]}
 * and {@code status <alertId>}, or {@code help}. Anything else is a request for help, with a line
 * saying what was not understood.
 */
public sealed interface SlashCommand {

    /** The longest snooze a typed command may ask for; longer silences belong in the alarm itself. */
    Duration MAX_SNOOZE = Duration.ofHours(24);

    /** An action on one alert. {@code snooze} is set only for {@link AlertAction#SNOOZE}. */
    record Act(String alertId, AlertAction action, @Nullable Duration snooze) implements SlashCommand {
    }

    /** Who the named schedules (all, when none is named) have on call now. */
    record OnCall(List<String> schedules) implements SlashCommand {
        public OnCall {
            schedules = List.copyOf(schedules);
        }
    }

    /** Where one alert is: state, owner, age, route, escalation level. */
    record Status(String alertId) implements SlashCommand {
    }

    /** Show the usage. {@code problem} says what was not understood, or is null for a plain "help". */
    record Help(@Nullable String problem) implements SlashCommand {
    }

    Pattern DURATION = Pattern.compile("(\\d{1,4})([mh])");

    static SlashCommand parse(@Nullable String text) {
        String[] words = text == null || text.isBlank() ? new String[0] : text.trim().split("\\s+");
        if (words.length == 0 || words[0].equalsIgnoreCase("help")) {
            return new Help(null);
        }
        String verb = words[0].toLowerCase(Locale.ROOT);
        switch (verb) {
            case "oncall" -> {
                return new OnCall(Arrays.asList(words).subList(1, words.length));
            }
            case "status" -> {
                if (words.length != 2) {
                    return new Help("`status` takes one alert id.");
                }
                return AlertIds.wellFormed(words[1]) ? new Status(words[1]) : new Help(AlertIds.problem(words[1]));
            }
            default -> {
            }
        }
        AlertAction action = switch (verb) {
            case "claim" -> AlertAction.CLAIM;
            case "resolve" -> AlertAction.RESOLVE;
            case "unclaim" -> AlertAction.UNCLAIM;
            case "snooze" -> AlertAction.SNOOZE;
            default -> null;
        };
        if (action == null) {
            return new Help("I don't know the command `" + SlackText.escape(Clicks.echo(words[0])) + "`.");
        }
        int expected = action == AlertAction.SNOOZE ? 3 : 2;
        if (words.length != expected) {
            return new Help("`" + verb + "` takes " + (expected == 3 ? "an alert id and a duration." : "one alert id."));
        }
        if (!AlertIds.wellFormed(words[1])) {
            return new Help(AlertIds.problem(words[1]));
        }
        if (action != AlertAction.SNOOZE) {
            return new Act(words[1], action, null);
        }
        Duration snooze = duration(words[2]);
        if (snooze == null) {
            return new Help("I can't read the duration `" + SlackText.escape(Clicks.echo(words[2]))
                    + "`: use minutes or hours such as `30m` or `2h`, at most 24h.");
        }
        return new Act(words[1], action, snooze);
    }

    @Nullable
    private static Duration duration(String word) {
        Matcher m = DURATION.matcher(word.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = m.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofMinutes(amount);
        return d.isZero() || d.compareTo(MAX_SNOOZE) > 0 ? null : d;
    }
}
