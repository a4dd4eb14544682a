package io.klaxon.interact.slack;

import static io.klaxon.interact.testing.InteractWorld.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.slack.AlertAction;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slack's block_actions samples decoded, and a click on each Klaxon button mapped to its command. */
class ClicksTest {

    private final InteractWorld world = new InteractWorld();

    private BlockActionsPayload sample(String name) throws IOException {
        return world.json().readValue(resource(name), BlockActionsPayload.class);
    }

    /** The sample as if its button were a Klaxon button with {@code action_id} and {@code value}. */
    private static BlockActionsPayload withAction(BlockActionsPayload p, String actionId, String value) {
        return new BlockActionsPayload(p.type(), p.user(), p.channel(), p.container(),
                List.of(new BlockActionsPayload.Action(actionId, value, "button")), p.responseUrl());
    }

    @Test
    void decodePayload_shouldReadUserChannelAndAction_whenPayloadIsSlackDocsExample() throws IOException {
        // WHEN
        BlockActionsPayload payload = sample("slack/block-actions-docs-example.json");
        // THEN unknown fields (team, message, trigger_id …) are ignored, the ones Klaxon needs are read
        assertThat(payload.type()).isEqualTo("block_actions");
        assertThat(payload.user().id()).isEqualTo("UA8RXUSPL");
        assertThat(payload.user().displayName()).isEqualTo("jtorrance");
        assertThat(payload.container().channelId()).isEqualTo("CBR2V3XEX");
        assertThat(payload.container().messageTs()).isEqualTo("1548261231.000200");
        assertThat(payload.actions()).extracting(BlockActionsPayload.Action::actionId).containsExactly("WaXA");
        assertThat(payload.actions().getFirst().value()).isEqualTo("click_me_123");
    }

    @Test
    void decode_shouldMapClaimWithActorAndButtonVersion_whenKlaxonClaimIsClicked() throws IOException {
        // GIVEN
        var payload = withAction(sample("slack/block-actions-docs-example.json"), "klaxon.claim", "alert-7:3");
        // WHEN
        Clicks.Click click = Clicks.decode(payload);
        // THEN
        assertThat(click.alertId()).isEqualTo("alert-7");
        assertThat(click.channelId()).isEqualTo("CBR2V3XEX");
        assertThat(click.command()).isEqualTo(new Command.Claim(Actor.slack("UA8RXUSPL", "jtorrance"), 3L));
        // AND the address to answer this click through, kept out of the click's printed form
        assertThat(click.responseUrl())
                .isEqualTo("https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209");
        assertThat(click.toString()).doesNotContain("hooks.slack.com");
    }

    @Test
    void decode_shouldLeaveTheResponseUrlNull_whenThePayloadHasNone() throws IOException {
        var base = withAction(sample("slack/block-actions-docs-example.json"), "klaxon.claim", "alert-7:3");
        var withoutUrl = new BlockActionsPayload(base.type(), base.user(), base.channel(), base.container(),
                base.actions(), " ");
        assertThat(Clicks.decode(withoutUrl).responseUrl()).isNull();
    }

    @Test
    void decode_shouldMapEveryKlaxonButton_toItsCommand() throws IOException {
        var base = sample("slack/block-actions-docs-example.json");
        Actor actor = Actor.slack("UA8RXUSPL", "jtorrance");
        assertThat(Clicks.decode(withAction(base, AlertAction.RESOLVE.actionId(), "a1:2")).command())
                .isEqualTo(new Command.Resolve(actor, 2L));
        assertThat(Clicks.decode(withAction(base, AlertAction.UNCLAIM.actionId(), "a1:4")).command())
                .isEqualTo(new Command.Unclaim(actor, 4L));
        assertThat(Clicks.decode(withAction(base, AlertAction.SNOOZE.actionId(), "a1:5")).command())
                .isEqualTo(new Command.Snooze(actor, 5L, AlertAction.BUTTON_SNOOZE));
    }

    @Test
    void decode_shouldUseNameAndContainerChannel_whenPayloadIsEnterpriseGridInstall() throws IOException {
        // GIVEN an org-wide install payload whose user has both username and name
        var payload = withAction(sample("slack/block-actions-bolt-python-enterprise.json"), "klaxon.resolve", "a-9:12");
        // WHEN
        Clicks.Click click = Clicks.decode(payload);
        // THEN
        assertThat(click.command().actor()).isEqualTo(Actor.slack("W111", "primary-owner"));
        assertThat(click.channelId()).isEqualTo("C111");
        assertThat(click.command().expectedVersion()).isEqualTo(12L);
    }

    @Test
    void decode_shouldFallBackToName_whenUserHasNoUsername() throws IOException {
        var base = sample("slack/block-actions-bolt-python-enterprise.json");
        var payload = new BlockActionsPayload(base.type(), new BlockActionsPayload.User("W111", null, "Primary Owner"),
                base.channel(), base.container(), List.of(new BlockActionsPayload.Action("klaxon.claim", "a:1", "button")));
        assertThat(Clicks.decode(payload).command().actor().name()).isEqualTo("Primary Owner");
    }

    @Test
    void decode_shouldRejectClearly_whenActionIdIsNotKlaxons() throws IOException {
        // The docs example's own button ("WaXA") is not a Klaxon button.
        assertThatThrownBy(() -> Clicks.decode(sample("slack/block-actions-docs-example.json")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("unknown action_id 'WaXA'");
    }

    @Test
    void decode_shouldRejectClearly_whenButtonValueIsNotAlertIdAndVersion() throws IOException {
        var payload = withAction(sample("slack/block-actions-docs-example.json"), "klaxon.claim", "click_me_123");
        assertThatThrownBy(() -> Clicks.decode(payload))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("button value 'click_me_123' is not <alertId>:<version>");
    }

    @Test
    void decode_shouldRejectClearly_whenInteractionIsNotBlockActions() throws IOException {
        var base = sample("slack/block-actions-docs-example.json");
        var payload = new BlockActionsPayload("view_submission", base.user(), base.channel(), base.container(), base.actions());
        assertThatThrownBy(() -> Clicks.decode(payload))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("unsupported interaction type 'view_submission'");
    }

    @Test
    void decode_shouldRejectClearly_whenPayloadHasNoActionsOrNoUserOrNoChannel() throws IOException {
        var base = withAction(sample("slack/block-actions-docs-example.json"), "klaxon.claim", "a:1");
        assertThatThrownBy(() -> Clicks.decode(new BlockActionsPayload(base.type(), base.user(), base.channel(),
                base.container(), List.of()))).hasMessage("block_actions payload has no actions");
        assertThatThrownBy(() -> Clicks.decode(new BlockActionsPayload(base.type(), null, base.channel(),
                base.container(), base.actions()))).hasMessage("block_actions payload has no user id");
        assertThatThrownBy(() -> Clicks.decode(new BlockActionsPayload(base.type(), base.user(), null,
                null, base.actions()))).hasMessage("block_actions payload names no channel");
    }
}
