package io.klaxon.interact.slack;

import io.klaxon.domain.alert.Actor;
import io.klaxon.slack.MessageMenu;
import io.micronaut.core.annotation.Nullable;

/**
 * Turns a choice in one of the message's menus ({@link MessageMenu}) into what it asks for: a
 * snooze for a chosen duration, or a modal to open. Like {@link Clicks}, it decides nothing.
 */
public final class Menus {

    private Menus() {
    }

    public sealed interface Chosen {
        String alertId();

        long version();

        Actor actor();
    }

    /** A snooze duration was chosen. Never prints the response_url (see {@link Clicks.Click}). */
    public record Snooze(String alertId, long version, Actor actor, MessageMenu.SnoozeChoice choice, String channelId,
                         @Nullable String responseUrl) implements Chosen {
        @Override
        public String toString() {
            return "Snooze[alertId=" + alertId + ", version=" + version + ", choice=" + choice + "]";
        }
    }

    /** An action that needs a form: open its modal with the click's trigger_id. */
    public record Modal(String alertId, long version, Actor actor, MessageMenu.ModalAction action, String triggerId,
                        String channelId, @Nullable String responseUrl) implements Chosen {
        @Override
        public String toString() {
            return "Modal[alertId=" + alertId + ", version=" + version + ", action=" + action + "]";
        }
    }

    /** Whether the payload's action is one of the message's menus rather than a button. */
    public static boolean isMenu(BlockActionsPayload payload) {
        if (payload.actions() == null || payload.actions().isEmpty()) {
            return false;
        }
        String id = payload.actions().getFirst().actionId();
        return MessageMenu.SNOOZE_ACTION_ID.equals(id) || MessageMenu.MORE_ACTION_ID.equals(id);
    }

    /**
     * @throws BadRequestException when the choice is not one Klaxon's menus offer; the message says which part
     */
    public static Chosen decode(BlockActionsPayload payload) {
        BlockActionsPayload.Action action = payload.actions().getFirst();
        String value = action.selectedOption() == null ? null : action.selectedOption().value();
        MessageMenu.Choice choice = MessageMenu.parse(value).orElseThrow(() -> new BadRequestException(
                "menu option '" + Clicks.echo(value) + "' is not <choice>:<alertId>:<version>"));
        if (!AlertIds.wellFormed(choice.target().alertId())) {
            throw new BadRequestException("menu option '" + Clicks.echo(value) + "' does not hold a Klaxon alert id");
        }
        BlockActionsPayload.User user = payload.user();
        if (user == null || !Clicks.notBlank(user.id())) {
            throw new BadRequestException("block_actions payload has no user id");
        }
        Actor actor = Actor.slack(user.id(), user.displayName());
        String channelId = Clicks.channelOf(payload);
        String responseUrl = Clicks.notBlank(payload.responseUrl()) ? payload.responseUrl() : null;
        String alertId = choice.target().alertId();
        long version = choice.target().version();
        if (MessageMenu.SNOOZE_ACTION_ID.equals(action.actionId())) {
            MessageMenu.SnoozeChoice snooze = MessageMenu.snoozeChoice(choice.code()).orElseThrow(() ->
                    new BadRequestException("unknown snooze choice '" + Clicks.echo(choice.code()) + "'"));
            return new Snooze(alertId, version, actor, snooze, channelId, responseUrl);
        }
        MessageMenu.ModalAction modal = MessageMenu.modalAction(choice.code()).orElseThrow(() ->
                new BadRequestException("unknown menu action '" + Clicks.echo(choice.code()) + "'"));
        if (!Clicks.notBlank(payload.triggerId())) {
            throw new BadRequestException("block_actions payload has no trigger_id to open a modal with");
        }
        return new Modal(alertId, version, actor, modal, payload.triggerId(), channelId, responseUrl);
    }
}
