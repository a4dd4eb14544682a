package io.klaxon.interact.slack;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.lifecycle.Rejection;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The sentences a person sees, only them, after a click or a typed command. Slack mrkdwn: every
 * string that came from an alert or a person is escaped; times are {@code <!date>} tokens so each
 * reader sees their own time zone.
 */
public final class Replies {

    public static final String STALE = "This button is out of date — the message has been refreshed.";

    private static final DateTimeFormatter FALLBACK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Replies() {
    }

    /** Why a command did not win, told in terms of where the alert is now. */
    public static String rejected(Rejection reason, Alert current, Actor actor) {
        return switch (reason) {
            case ALREADY_CLAIMED -> current.owner() != null && current.owner().id().equals(actor.id())
                    // The clicker owns it already: their button predates their own claim.
                    ? "You already own this alert — the message has been refreshed."
                    : "Already claimed by " + who(current.owner()) + ".";
            case ALREADY_RESOLVED -> "This alert was resolved by " + who(current.resolvedBy())
                    + (current.resolvedAt() == null ? "" : " at " + date(current.resolvedAt())) + ".";
            case STALE -> STALE;
            case NOT_CLAIMED -> "Nobody owns this alert, so there is nothing to unclaim.";
            case NOT_ALLOWED -> "That is not possible while the alert is "
                    + current.state().name().toLowerCase(Locale.ROOT) + ".";
        };
    }

    /** Confirms a typed command that was applied (a click needs none: the message changes). */
    public static String applied(Command command, Alert alert) {
        String title = "*" + escape(alert.signal().title()) + "*";
        return switch (command) {
            case Command.Claim c -> "You claimed " + title + ".";
            case Command.Resolve r -> "You resolved " + title + ".";
            case Command.Unclaim u -> "You unclaimed " + title + "; it waits for an owner again.";
            case Command.Snooze s -> "You snoozed " + title
                    + (alert.snoozedUntil() == null ? "." : " until " + date(alert.snoozedUntil()) + ".");
        };
    }

    public static String noSuchAlert(String alertId) {
        return "Klaxon knows no such alert: `" + escape(Clicks.echo(alertId)) + "`.";
    }

    /** The store could not take the change; nothing was recorded, so trying again is safe. */
    public static String unavailable(boolean click) {
        return "Klaxon could not record your " + (click ? "click" : "command") + " — try again.";
    }

    public static String help(String commandName, @Nullable String problem) {
        String cmd = commandName == null || commandName.isBlank() ? "/klaxon" : escape(commandName);
        String usage = "*Klaxon* — act on an alert by its id (shown under each alert):\n"
                + "• `" + cmd + " claim <alertId>` — take ownership\n"
                + "• `" + cmd + " resolve <alertId>` — mark it resolved\n"
                + "• `" + cmd + " unclaim <alertId>` — give it back\n"
                + "• `" + cmd + " snooze <alertId> <30m|2h>` — silence it for a while\n"
                + "• `" + cmd + " help` — this text";
        return problem == null ? usage : problem + "\n" + usage;
    }

    /** A Slack user as a mention; anyone else (Klaxon itself, an API caller) by name. */
    static String who(@Nullable Actor actor) {
        if (actor == null) {
            return "someone";
        }
        if (actor.kind() == Actor.Kind.SLACK) {
            return "<@" + escape(actor.id()) + ">";
        }
        return escape(Lifecycle.display(actor));
    }

    static String date(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} at {time}|" + FALLBACK.format(at) + ">";
    }

    /** Slack treats exactly these three characters as markup; nothing else may be entity-encoded. */
    static String escape(@Nullable String raw) {
        if (raw == null) {
            return "";
        }
        return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
