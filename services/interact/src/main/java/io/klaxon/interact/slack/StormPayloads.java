package io.klaxon.interact.slack;

import io.klaxon.domain.alert.Actor;
import io.klaxon.interact.StormClicks;
import io.klaxon.slack.StormAction;
import java.util.Optional;

/** Turns a click on a storm message (ADR 0014) into what it asks; empty for any other click. */
public final class StormPayloads {

    private StormPayloads() {
    }

    /**
     * @throws BadRequestException when it is a storm control whose value is not what Klaxon rendered
     */
    public static Optional<StormClicks.StormClick> decode(BlockActionsPayload payload) {
        if (!BlockActionsPayload.TYPE.equals(payload.type()) || payload.actions() == null || payload.actions().isEmpty()) {
            return Optional.empty();
        }
        BlockActionsPayload.Action action = payload.actions().getFirst();
        Optional<StormAction> kind = StormAction.fromActionId(action.actionId());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        BlockActionsPayload.User user = payload.user();
        if (user == null || user.id() == null || user.id().isBlank()) {
            throw new BadRequestException("block_actions payload has no user id");
        }
        Actor actor = Actor.slack(user.id(), user.displayName());
        String channel = payload.container() != null && payload.container().channelId() != null
                ? payload.container().channelId() : payload.channel() != null ? payload.channel().id() : null;
        if (channel == null || channel.isBlank()) {
            throw new BadRequestException("block_actions payload names no channel");
        }
        String responseUrl = payload.responseUrl() != null && !payload.responseUrl().isBlank() ? payload.responseUrl() : null;
        return Optional.of(switch (kind.get()) {
            case CLAIM_ALL -> new StormClicks.StormClick(kind.get(), stormId(action.value()), null, null, actor, channel,
                    responseUrl);
            case CLAIM_GROUP -> {
                StormAction.Group group = StormAction.parseGroup(action.value()).orElseThrow(() -> new BadRequestException(
                        "storm group value '" + Clicks.echo(action.value()) + "' is not <stormId>|<group>"));
                yield new StormClicks.StormClick(kind.get(), stormId(group.stormId()), group.groupKey(), null, actor,
                        channel, responseUrl);
            }
            case OPEN_ALERT -> {
                String alertId = action.selectedOption() == null ? null : action.selectedOption().value();
                if (alertId == null || !AlertIds.wellFormed(alertId)) {
                    throw new BadRequestException("storm select has no Klaxon alert id selected");
                }
                // A select carries only the alert: the storm is the one the stored alert names.
                yield new StormClicks.StormClick(kind.get(), null, null, alertId, actor, channel, responseUrl);
            }
        });
    }

    private static String stormId(String value) {
        if (value == null || !value.startsWith("storm-") || !AlertIds.wellFormed(value.substring("storm-".length()))) {
            throw new BadRequestException("storm value '" + Clicks.echo(value) + "' does not hold a Klaxon storm id");
        }
        return value;
    }
}
