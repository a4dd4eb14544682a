package io.klaxon.interact.slack;

import static io.klaxon.interact.testing.InteractWorld.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Actor;
import io.klaxon.interact.StormClicks;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.slack.StormAction;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clicks on a storm message (ADR 0014) decoded; anything else left to {@link Clicks}. */
class StormPayloadsTest {

    private final InteractWorld world = new InteractWorld();

    private BlockActionsPayload with(BlockActionsPayload.Action action) throws IOException {
        BlockActionsPayload p = world.json().readValue(resource("slack/block-actions-docs-example.json"),
                BlockActionsPayload.class);
        return new BlockActionsPayload(p.type(), p.user(), p.channel(), p.container(), List.of(action), p.responseUrl());
    }

    @Test
    void decode_shouldReadTheStormAndGroup_whenAGroupClaimIsClicked() throws IOException {
        // GIVEN a click on a group's Claim
        var payload = with(new BlockActionsPayload.Action(StormAction.CLAIM_GROUP.actionId(),
                StormAction.groupValue("storm-alert-1", "a1b2c3"), "button"));

        // WHEN decoded
        StormClicks.StormClick click = StormPayloads.decode(payload).orElseThrow();

        // THEN it names the storm, the group and the clicker
        assertThat(click.action()).isEqualTo(StormAction.CLAIM_GROUP);
        assertThat(click.stormId()).isEqualTo("storm-alert-1");
        assertThat(click.groupKey()).isEqualTo("a1b2c3");
        assertThat(click.actor()).isEqualTo(Actor.slack("UA8RXUSPL", "jtorrance"));
        assertThat(click.channelId()).isEqualTo("CBR2V3XEX");
    }

    @Test
    void decode_shouldReadTheChosenAlert_whenAnAlertIsOpenedFromTheSelect() throws IOException {
        // GIVEN an option picked in "Open as its own message"
        var payload = with(new BlockActionsPayload.Action(StormAction.OPEN_ALERT.actionId(), null, "static_select",
                new BlockActionsPayload.SelectedOption("alert-7")));

        // WHEN decoded THEN it names that alert
        assertThat(StormPayloads.decode(payload)).get().extracting(StormClicks.StormClick::alertId).isEqualTo("alert-7");
    }

    @Test
    void decode_shouldLeaveTheClickToClicks_whenItIsAnAlertButton() throws IOException {
        // GIVEN a click on an alert's own Claim
        var payload = with(new BlockActionsPayload.Action("klaxon.claim", "alert-7:3", "button"));

        // WHEN decoded THEN it is not a storm click
        assertThat(StormPayloads.decode(payload)).isEmpty();
    }

    @Test
    void decode_shouldRefuseWithTheReason_whenAStormValueIsNotOurs() throws IOException {
        // GIVEN a Claim all whose value is no storm id, and a select with nothing chosen
        var forged = with(new BlockActionsPayload.Action(StormAction.CLAIM_ALL.actionId(), "not a storm\n", "button"));
        var empty = with(new BlockActionsPayload.Action(StormAction.OPEN_ALERT.actionId(), null, "static_select"));

        // WHEN decoded THEN each is a bad request saying what is wrong, on one line
        assertThatThrownBy(() -> StormPayloads.decode(forged)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("storm id").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> StormPayloads.decode(empty)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no Klaxon alert id");
    }
}
