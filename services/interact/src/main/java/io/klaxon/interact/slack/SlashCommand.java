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
 * {@code unclaim <alertId>}, {@code snooze <alertId> <15m|1h|4h|tomorrow>}, {@code note <alertId> <text>},
 * {@code assign <alertId> <@user>}, the read-only {@code oncall [SCHEDULE…]},
 * {@code status <alertId>} and {@code list}, or {@code help}. The command is declared with {@code should_escape: true}
 * (slack/manifest.yaml), so a picked user arrives as {@code <@U123|name>}. Anything else is a request for help, with a line
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

    /** The open alerts of the routes posting to the channel the command was typed in. */
    record ListOpen() implements SlashCommand {
    }

    /** Add {@code text} (plain, as the person meant it) to the alert's timeline and thread. */
    record Note(String alertId, String text) implements SlashCommand {
    }

    /** Make the Slack user {@code userId} the owner. */
    record Assign(String alertId, String userId, @Nullable String userName) implements SlashCommand {
    }

    /** Snooze until 09:00 tomorrow in the zone of the alert's route (its policy's first schedule). */
    record SnoozeUntilTomorrow(String alertId) implements SlashCommand {
    }

    /** Show the usage. {@code problem} says what was not understood, or is null for a plain "help". */
    record Help(@Nullable String problem) implements SlashCommand {
    }

    Pattern DURATION = Pattern.compile("(\\d{1,4})([mh])");
    /** A note is one thought for the thread, not a document: Slack's reply stays readable. */
    int MAX_NOTE = 1000;
    Pattern NOTE = Pattern.compile("\\s*\\S+\\s+(\\S+)(?:\\s+(.*))?", Pattern.DOTALL);
    /** A user as Slack escapes it ({@code <@U123|name>}, {@code <@U123>}), or a bare user id. */
    Pattern USER = Pattern.compile("<@([UW][A-Z0-9]{2,30})(?:\\|([^>]{0,80}))?>|([UW][A-Z0-9]{2,30})");

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
            case "note" -> {
                return note(text);
            }
            case "list" -> {
                return words.length == 1 ? new ListOpen()
                        : new Help("`list` takes nothing: it lists the open alerts of this channel.");
            }
            case "assign" -> {
                return assign(words);
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
        if (words[2].equalsIgnoreCase("tomorrow")) {
            return new SnoozeUntilTomorrow(words[1]);
        }
        Duration snooze = duration(words[2]);
        if (snooze == null) {
            return new Help("I can't read the duration `" + SlackText.escape(Clicks.echo(words[2]))
                    + "`: use minutes or hours such as `15m`, `1h` or `4h` (at most 24h), or `tomorrow`.");
        }
        return new Act(words[1], action, snooze);
    }

    private static SlashCommand note(String text) {
        Matcher m = NOTE.matcher(text);
        if (!m.matches() || m.group(2) == null || m.group(2).isBlank()) {
            return new Help("`note` takes an alert id and the text of the note.");
        }
        if (!AlertIds.wellFormed(m.group(1))) {
            return new Help(AlertIds.problem(m.group(1)));
        }
        String note = plain(m.group(2).strip());
        if (note.length() > MAX_NOTE) {
            return new Help("That note is " + note.length() + " characters long; a note holds at most " + MAX_NOTE
                    + ". Nothing was added.");
        }
        return new Note(m.group(1), note);
    }

    private static SlashCommand assign(String[] words) {
        if (words.length != 3) {
            return new Help("`assign` takes an alert id and one person, picked with @.");
        }
        if (!AlertIds.wellFormed(words[1])) {
            return new Help(AlertIds.problem(words[1]));
        }
        Matcher m = USER.matcher(words[2]);
        if (!m.matches()) {
            return new Help("I can't tell who `" + SlackText.escape(Clicks.echo(words[2])) + "` is: pick the person"
                    + " from Slack's @ suggestions, so the command carries their user id.");
        }
        String name = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2);
        return new Assign(words[1], m.group(1) != null ? m.group(1) : m.group(3), name);
    }

    /**
     * What the person typed, back from Slack's escaping: mentions become {@code @name} (or the id) and
     * the three escaped characters come back. The note is plain text from here on; whoever shows it
     * escapes it again.
     */
    private static String plain(String escaped) {
        String s = escaped.replaceAll("<@([A-Z0-9]+)\\|([^>]*)>", "@$2").replaceAll("<@([A-Z0-9]+)>", "@$1")
                .replaceAll("<#([A-Z0-9]+)\\|([^>]*)>", "#$2").replaceAll("<!([a-z]+)(?:\\|[^>]*)?>", "@$1")
                .replaceAll("<((?:https?|mailto):[^|>]*)\\|([^>]*)>", "$2 ($1)").replaceAll("<((?:https?|mailto):[^>]*)>", "$1");
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
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
