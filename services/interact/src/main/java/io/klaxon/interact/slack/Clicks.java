package io.klaxon.interact.slack;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.slack.AlertAction;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/** Turns a Slack button click into the command it asks for. The model decides what it does. */
public final class Clicks {

    private static final int MAX_ECHO = 80;

    private Clicks() {
    }

    /**
     * @param alertId     the occurrence the button belongs to
     * @param channelId   where the click happened, to answer the clicker only them
     * @param responseUrl Slack's address for answering this click (null when the payload had none);
     *                    not checked here: only notify posts to it, and it checks it is Slack's
     */
    public record Click(String alertId, Command command, String channelId, @Nullable String responseUrl) {

        /** Never prints the response_url: a short-lived credential for the clicker's conversation. */
        @Override
        public String toString() {
            return "Click[alertId=" + alertId + ", command=" + command + ", channelId=" + channelId + "]";
        }
    }

    /**
     * @throws BadRequestException when the payload is not a Klaxon button click; the message says
     *                             which part is wrong
     */
    public static Click decode(BlockActionsPayload payload) {
        if (!BlockActionsPayload.TYPE.equals(payload.type())) {
            throw new BadRequestException("unsupported interaction type '" + echo(payload.type())
                    + "'; Klaxon only handles block_actions");
        }
        if (payload.actions() == null || payload.actions().isEmpty()) {
            throw new BadRequestException("block_actions payload has no actions");
        }
        // Klaxon's messages send one action per click; a payload never mixes alerts.
        BlockActionsPayload.Action action = payload.actions().getFirst();
        AlertAction kind = AlertAction.fromActionId(action.actionId()).orElseThrow(() ->
                new BadRequestException("unknown action_id '" + echo(action.actionId()) + "'"));
        AlertAction.Target target = AlertAction.parseValue(action.value()).orElseThrow(() ->
                new BadRequestException("button value '" + echo(action.value()) + "' is not <alertId>:<version>"));
        if (!AlertIds.wellFormed(target.alertId())) {
            throw new BadRequestException("button value '" + echo(action.value()) + "' does not hold a Klaxon alert id");
        }
        BlockActionsPayload.User user = payload.user();
        if (user == null || user.id() == null || user.id().isBlank()) {
            throw new BadRequestException("block_actions payload has no user id");
        }
        String channelId = channelOf(payload);
        Actor actor = Actor.slack(user.id(), user.displayName());
        // A Snooze button carries only alertId:version; it snoozes for the time its label shows.
        String responseUrl = notBlank(payload.responseUrl()) ? payload.responseUrl() : null;
        return new Click(target.alertId(), command(kind, actor, target.version(), AlertAction.BUTTON_SNOOZE), channelId,
                responseUrl);
    }

    /** The command for an action; {@code expectedVersion} null means "whatever is current". */
    public static Command command(AlertAction kind, Actor actor, Long expectedVersion, Duration snooze) {
        return switch (kind) {
            case CLAIM -> new Command.Claim(actor, expectedVersion);
            case RESOLVE -> new Command.Resolve(actor, expectedVersion);
            case UNCLAIM -> new Command.Unclaim(actor, expectedVersion);
            case SNOOZE -> new Command.Snooze(actor, expectedVersion, snooze);
        };
    }

    static String channelOf(BlockActionsPayload payload) {
        if (payload.container() != null && notBlank(payload.container().channelId())) {
            return payload.container().channelId();
        }
        if (payload.channel() != null && notBlank(payload.channel().id())) {
            return payload.channel().id();
        }
        throw new BadRequestException("block_actions payload names no channel");
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /**
     * Error messages quote a little of what was sent, never a whole field of unbounded size, and on
     * one line: they are logged, and a control character there would forge or garble a log line.
     */
    static String echo(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "…";
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return out.toString();
    }
}
