package io.klaxon.interact.slack;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.Rejection;
import io.klaxon.slack.render.SlackText;
import io.micronaut.core.annotation.Nullable;
import io.klaxon.interact.OnCallSchedules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The sentences a person sees, only them, after a click or a typed command. Slack mrkdwn through
 * {@link SlackText}, as the message renderer writes it: every string that came from an alert or a
 * person is escaped; times are {@code <!date>} tokens so each reader sees their own time zone.
 */
public final class Replies {

    public static final String STALE = "This button is out of date — the message has been refreshed.";

    private Replies() {
    }

    /** Why a command did not win, told in terms of where the alert is now. */
    public static String rejected(Rejection reason, Alert current, Actor actor) {
        return switch (reason) {
            case ALREADY_CLAIMED -> current.owner() != null && current.owner().id().equals(actor.id())
                    // The clicker owns it already: their button predates their own claim.
                    ? "You already own this alert — the message has been refreshed."
                    : "Already claimed by " + SlackText.actor(current.owner()) + ".";
            case ALREADY_RESOLVED -> "This alert was resolved by " + SlackText.actor(current.resolvedBy())
                    + (current.resolvedAt() == null ? "" : " at " + SlackText.date(current.resolvedAt())) + ".";
            case STALE -> STALE;
            case NOT_CLAIMED -> "Nobody owns this alert, so there is nothing to unclaim.";
            case NOT_ALLOWED -> "That is not possible while the alert is "
                    + current.state().name().toLowerCase(Locale.ROOT) + ".";
            case ALREADY_OWNER -> SlackText.actor(current.owner()) + " owns this alert already.";
        };
    }

    /** Confirms a typed command that was applied (a click needs none: the message changes). */
    public static String applied(Command command, Alert alert) {
        String title = "*" + SlackText.escape(alert.signal().title()) + "*";
        return switch (command) {
            case Command.Claim c -> "You claimed " + title + ".";
            case Command.Resolve r -> "You resolved " + title + ".";
            case Command.Unclaim u -> "You unclaimed " + title + "; it waits for an owner again.";
            case Command.Snooze s -> "You snoozed " + title
                    + (alert.snoozedUntil() == null ? "." : " until " + SlackText.date(alert.snoozedUntil()) + ".");
            case Command.Note n -> "You added a note to " + title + "; it shows in the thread.";
            case Command.Reassign r -> "You assigned " + title + " to " + SlackText.actor(r.owner())
                    + "; they are mentioned in the thread.";
        };
    }

    public static String noSuchAlert(String alertId) {
        return "Klaxon knows no such alert: `" + SlackText.escape(Clicks.echo(alertId)) + "`.";
    }

    /** The store could not take the change; nothing was recorded, so trying again is safe. */
    public static String unavailable(boolean click) {
        return "Klaxon could not record your " + (click ? "click" : "command") + " — try again.";
    }

    /** The store could not be read: nothing is known, so trying again is the only advice. */
    public static String unreadable() {
        return "Klaxon could not read its alerts just now — try again.";
    }

    /** {@code /klaxon status}: state, owner, age, route and escalation level of one alert. */
    public static String status(Alert alert, Instant now) {
        StringBuilder s = new StringBuilder("*").append(SlackText.escape(alert.signal().title())).append("* (`")
                .append(SlackText.escape(alert.alertId())).append("`)\n")
                .append("• State: *").append(alert.state().name().toLowerCase(Locale.ROOT)).append('*');
        if (alert.snoozedUntil() != null) {
            s.append(" until ").append(SlackText.date(alert.snoozedUntil()));
        }
        if (alert.resolvedBy() != null) {
            s.append(" by ").append(SlackText.actor(alert.resolvedBy()));
        }
        s.append("\n• Owner: ").append(alert.owner() == null ? "nobody" : SlackText.actor(alert.owner()))
                .append("\n• Age: ").append(SlackText.duration(Duration.between(alert.openedAt(), now)))
                .append(" (opened ").append(SlackText.date(alert.openedAt())).append(')')
                .append("\n• Route: `").append(SlackText.escape(alert.policy().route())).append('`')
                .append("\n• Escalation level: ").append(alert.escalationLevel());
        return s.toString();
    }

    /** Longest title a line of {@code /klaxon list} shows; the rest is cut with "…". */
    private static final int LIST_TITLE = 80;

    /**
     * {@code /klaxon list}: one line per open alert (newest first) with its state, owner and age,
     * then how many more there are; or why there is nothing to list.
     *
     * @param routes the routes posting to the channel; none means no route does
     * @param total  how many open alerts those routes have ({@code newest} may hold fewer)
     */
    public static String openAlerts(String channel, String source, List<String> routes, List<Alert> newest,
                                    int total, Instant now) {
        if (routes.isEmpty()) {
            return "No route posts to this channel (`" + SlackText.escape(Clicks.echo(channel)) + "`) in "
                    + SlackText.escape(source) + ", so it has no alerts to list.";
        }
        String of = (routes.size() == 1 ? "route " : "routes ") + codes(routes);
        if (newest.isEmpty()) {
            return "No open alerts on " + of + ".";
        }
        StringBuilder s = new StringBuilder("*Open alerts on ").append(of).append("* (").append(total)
                .append(", newest first)");
        for (Alert alert : newest) {
            s.append("\n• `").append(SlackText.escape(alert.alertId())).append("` *")
                    .append(SlackText.escapeWithin(SlackText.singleLine(alert.signal().title()), LIST_TITLE,
                            SlackText.ELLIPSIS))
                    .append("* · ").append(alert.state().name().toLowerCase(Locale.ROOT))
                    .append(" · ").append(alert.owner() == null ? "nobody" : SlackText.actor(alert.owner()))
                    .append(" · ").append(SlackText.duration(Duration.between(alert.openedAt(), now)));
        }
        if (total > newest.size()) {
            s.append("\n… and ").append(total - newest.size()).append(" more");
        }
        return s.toString();
    }

    /** {@code /klaxon oncall}: one line per schedule, or why there is none to show. */
    public static String onCall(OnCallSchedules.Answer answer) {
        String source = SlackText.escape(answer.source());
        if (!answer.unknown().isEmpty()) {
            return "No schedule " + codes(answer.unknown()) + " in " + source
                    + (answer.known().isEmpty() ? " (it has no schedules)." : " (it has " + codes(answer.known()) + ").");
        }
        if (answer.onCall().isEmpty()) {
            return "No on-call schedules are configured in " + source + ".";
        }
        StringBuilder s = new StringBuilder("*On call now*");
        answer.onCall().forEach((schedule, user) -> s.append("\n• `").append(SlackText.escape(schedule)).append("` ")
                .append(SlackText.isUserId(user) ? "<@" + user + ">" : SlackText.escape(user)));
        return s.toString();
    }

    private static String codes(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + SlackText.escape(Clicks.echo(n)) + "`").toList());
    }

    public static String help(String commandName, @Nullable String problem) {
        String cmd = commandName == null || commandName.isBlank() ? "/klaxon" : SlackText.escape(commandName);
        // Escaped even inside code spans: Slack reads <…> as a link or mention everywhere.
        String id = SlackText.escape("<alertId>");
        String usage = "*Klaxon* — act on an alert by its id (shown in the footer of each alert):\n"
                + "• `" + cmd + " claim " + id + "` — take ownership\n"
                + "• `" + cmd + " resolve " + id + "` — mark it resolved\n"
                + "• `" + cmd + " unclaim " + id + "` — give it back\n"
                + "• `" + cmd + " snooze " + id + " " + SlackText.escape("<15m|1h|4h|tomorrow>") + "` — silence it for a while (at most 24h), or until 09:00 tomorrow\n"
                + "• `" + cmd + " note " + id + " " + SlackText.escape("<text>") + "` — add a note to the thread and timeline\n"
                + "• `" + cmd + " assign " + id + " @person` — make someone else the owner\n"
                + "• `" + cmd + " status " + id + "` — where it is: state, owner, age, route, level\n"
                + "• `" + cmd + " list` — the open alerts of this channel: state, owner, age\n"
                + "• `" + cmd + " oncall " + SlackText.escape("[schedule…]") + "` — who is on call now\n"
                + "• `" + cmd + " help` — this text";
        return problem == null ? usage : problem + "\n" + usage;
    }
}
