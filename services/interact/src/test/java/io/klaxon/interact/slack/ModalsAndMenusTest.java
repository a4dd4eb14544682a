package io.klaxon.interact.slack;

import static io.klaxon.interact.testing.InteractWorld.CHANNEL;
import static io.klaxon.interact.testing.InteractWorld.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.view.View;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.slack.MessageMenu;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The message's menus and Klaxon's modals, as signed Slack requests through the shared HTTP surface. */
class ModalsAndMenusTest {

    private final InteractWorld world = new InteractWorld();
    private final List<String> opened = new ArrayList<>();
    private final List<View> views = new ArrayList<>();
    private String openProblem;
    private final SlackEndpoint endpoint = new SlackEndpoint(new RequestVerifier(InteractWorld.SECRET, world.clock),
            world.interactService(), world.json(), world.schedules, (triggerId, view) -> {
                opened.add(triggerId);
                views.add(view);
                return openProblem;
            });

    // ---- menus ---------------------------------------------------------------------------------

    @Test
    void moreMenu_shouldOpenTheReassignModalForTheVersionShown_whenReassignIsChosen() {
        // GIVEN an unclaimed alert at version 1
        world.waitingAlert("a1");
        // WHEN "Reassign…" is chosen in its overflow
        HttpReply reply = post(menuBody("UALICE", MessageMenu.MORE_ACTION_ID, "reassign:a1:1", "trigger-1"));
        // THEN the ack is empty, a modal opened with the click's trigger_id, carrying the alert and version,
        // and nothing changed yet
        assertThat(reply).isEqualTo(HttpReply.ack());
        assertThat(opened).containsExactly("trigger-1");
        assertThat(views.getFirst().getCallbackId()).isEqualTo("klaxon.modal.reassign");
        assertThat(views.getFirst().getPrivateMetadata()).isEqualTo("a1:1");
        assertThat(world.store.get("a1").orElseThrow().version()).isEqualTo(1);
        assertThat(world.resumer.calls()).isEmpty();
    }

    @Test
    void moreMenu_shouldTellTheClickerWhy_whenTheModalCannotBeOpened() {
        // GIVEN an alert, and Slack not answering views.open in time
        world.waitingAlert("a1");
        openProblem = "Klaxon could not open the form just now. Nothing was changed; try again.";
        // WHEN "Add note…" is chosen
        HttpReply reply = post(menuBody("UALICE", MessageMenu.MORE_ACTION_ID, "note:a1:1", "trigger-2"));
        // THEN the click is acked and the clicker alone is told, off the request path
        assertThat(reply).isEqualTo(HttpReply.ack());
        assertThat(world.starter.tells()).singleElement().satisfies(tell -> {
            assertThat(tell.userId()).isEqualTo("UALICE");
            assertThat(tell.text()).isEqualTo(openProblem);
        });
    }

    @Test
    void snoozeMenu_shouldSnoozeForTheChosenDuration_whenFifteenMinutesIsChosen() {
        // GIVEN an unclaimed alert whose workflow waits for a claim
        world.waitingAlert("a1");
        // WHEN "15 minutes" is chosen
        HttpReply reply = post(menuBody("UALICE", MessageMenu.SNOOZE_ACTION_ID, "15m:a1:1", "trigger-3"));
        // THEN it is snoozed for 15 minutes and the workflow resumed with the change
        assertThat(reply).isEqualTo(HttpReply.ack());
        var alert = world.store.get("a1").orElseThrow();
        assertThat(alert.state()).isEqualTo(AlertState.SNOOZED);
        assertThat(alert.snoozedUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(world.resumer.calls()).singleElement()
                .satisfies(call -> assertThat(call.outcome().change().event()).isEqualTo(LifecycleEventType.SNOOZED));
    }

    @Test
    void snoozeMenu_shouldSnoozeUntilNineTomorrowInUtc_whenThePolicyNamesNoSchedule() {
        // GIVEN an alert whose policy mentions no schedule
        world.waitingAlert("a1");
        // WHEN "Until tomorrow 09:00" is chosen
        post(menuBody("UALICE", MessageMenu.SNOOZE_ACTION_ID, "tomorrow:a1:1", "trigger-4"));
        // THEN it sleeps until 09:00 UTC on the next day
        Instant expected = NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1).atTime(9, 0)
                .toInstant(java.time.ZoneOffset.UTC);
        assertThat(world.store.get("a1").orElseThrow().snoozedUntil()).isEqualTo(expected);
    }

    @Test
    void snoozeMenu_shouldLoseAndTellWhy_whenTheChoiceIsOnAnOlderVersion() {
        // GIVEN alice claimed the alert (version 2)
        world.waitingAlert("a1");
        world.alerts.act("a1", new io.klaxon.domain.lifecycle.Command.Claim(Actor.slack("UALICE", "alice"), 1L));
        // WHEN bob chooses a snooze on the message he still sees at version 1
        post(menuBody("UBOB", MessageMenu.SNOOZE_ACTION_ID, "1h:a1:1", "trigger-5"));
        // THEN nothing changes and bob is told why
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.CLAIMED);
        assertThat(world.starter.tells()).singleElement().satisfies(tell -> assertThat(tell.userId()).isEqualTo("UBOB"));
    }

    @Test
    void menus_shouldAnswer400_whenTheOptionIsNotKlaxons() {
        world.waitingAlert("a1");
        HttpReply reply = post(menuBody("UALICE", MessageMenu.SNOOZE_ACTION_ID, "forever:a1:1", "trigger-6"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("unknown snooze choice 'forever'");
    }

    // ---- modal submissions ---------------------------------------------------------------------

    @Test
    void submission_shouldReassignAndCloseTheModal_whenAUserIsPicked() {
        // GIVEN an unclaimed alert at version 1
        world.waitingAlert("a1");
        // WHEN alice submits the reassign modal picking bob
        HttpReply reply = post(submissionBody("UALICE", "reassign", "a1:1",
                Map.of(Modals.OWNER_BLOCK, Map.of(Modals.OWNER_INPUT, Map.of("type", "users_select", "selected_user", "U0BOB")))));
        // THEN the modal closes (empty 200), bob owns the alert, and the workflow was resumed with the change
        assertThat(reply).isEqualTo(HttpReply.ack());
        var alert = world.store.get("a1").orElseThrow();
        assertThat(alert.state()).isEqualTo(AlertState.CLAIMED);
        assertThat(alert.owner().id()).isEqualTo("U0BOB");
        assertThat(world.resumer.calls()).singleElement()
                .satisfies(call -> assertThat(call.outcome().change().entry().kind()).isEqualTo(TimelineKind.ASSIGNED));
    }

    @Test
    void submission_shouldAnswerErrorsOnTheModal_whenTheNoteIsBlank() {
        // GIVEN an alert
        world.waitingAlert("a1");
        // WHEN the note modal is submitted with only spaces
        HttpReply reply = post(submissionBody("UALICE", "note", "a1:1",
                Map.of(Modals.NOTE_BLOCK, Map.of(Modals.NOTE_INPUT, Map.of("type", "plain_text_input", "value", "   ")))));
        // THEN Slack shows the error under the input, and nothing was written
        assertThat(reply.status()).isEqualTo(200);
        assertThat(world.read(reply.body())).isEqualTo(Map.of("response_action", "errors",
                "errors", Map.of(Modals.NOTE_BLOCK, "Write the note.")));
        assertThat(world.store.get("a1").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void submission_shouldAddTheNoteAndKeepTheClaimWait_whenANoteIsSubmitted() {
        // GIVEN an unclaimed alert whose workflow waits for a claim
        world.waitingAlert("a1");
        // WHEN a note is submitted
        HttpReply reply = post(submissionBody("UALICE", "note", "a1:1",
                Map.of(Modals.NOTE_BLOCK, Map.of(Modals.NOTE_INPUT, Map.of("type", "plain_text_input", "value", "checking the replica")))));
        // THEN it is on the timeline and announced, and the wait (its escalation deadline) is untouched
        assertThat(reply).isEqualTo(HttpReply.ack());
        assertThat(world.store.timeline("a1").getLast().text()).isEqualTo("Note from alice: checking the replica");
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.starter.announcements()).hasSize(1);
        assertThat(world.store.get("a1").orElseThrow().taskToken()).isEqualTo(InteractWorld.token("a1"));
    }

    @Test
    void submission_shouldResolveWithTheNote_whenResolveWithNoteIsSubmitted() {
        // GIVEN an alert
        world.waitingAlert("a1");
        // WHEN it is resolved with a note
        post(submissionBody("UALICE", "resolve", "a1:1",
                Map.of(Modals.NOTE_BLOCK, Map.of(Modals.NOTE_INPUT, Map.of("type", "plain_text_input", "value", "restarted the writer")))));
        // THEN it is resolved and the RESOLVED entry (the thread reply) carries the note
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(world.store.timeline("a1").getLast().text()).isEqualTo("Resolved by alice: restarted the writer");
    }

    @Test
    void submission_shouldSayWhyOnTheModal_whenTheAlertMovedOnSinceTheModalOpened() {
        // GIVEN the alert was resolved after alice opened her note modal at version 1
        world.waitingAlert("a1");
        world.alerts.act("a1", new io.klaxon.domain.lifecycle.Command.Resolve(Actor.slack("UBOB", "bob"), 1L));
        // WHEN she submits it
        HttpReply reply = post(submissionBody("UALICE", "note", "a1:1",
                Map.of(Modals.NOTE_BLOCK, Map.of(Modals.NOTE_INPUT, Map.of("type", "plain_text_input", "value", "late")))));
        // THEN the modal stays open with the reason, and nothing was added
        @SuppressWarnings("unchecked")
        Map<String, Object> errors = (Map<String, Object>) world.read(reply.body()).get("errors");
        assertThat((String) errors.get(Modals.NOTE_BLOCK)).contains("resolved");
        assertThat(world.store.timeline("a1").getLast().kind()).isEqualTo(TimelineKind.RESOLVED);
    }

    @Test
    void submission_shouldBeRefused_whenUnsigned() {
        world.waitingAlert("a1");
        String body = submissionBody("UALICE", "resolve", "a1:1", Map.of());
        HttpReply reply = endpoint.handle(SlackEndpoint.ACTIONS, Map.of(), body);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.UNCLAIMED);
    }

    @Test
    void submission_shouldAnswer400_whenThePrivateMetadataIsNotAnAlert() {
        HttpReply reply = post(submissionBody("UALICE", "note", "not an alert", Map.of()));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("private_metadata");
    }

    // ---- requests ------------------------------------------------------------------------------

    private HttpReply post(String body) {
        return endpoint.handle(SlackEndpoint.ACTIONS, world.signedHeaders(body), body);
    }

    private String menuBody(String userId, String actionId, String optionValue, String triggerId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "block_actions");
        payload.put("user", Map.of("id", userId, "username", userId.toLowerCase()));
        payload.put("container", Map.of("type", "message", "channel_id", CHANNEL, "message_ts", InteractWorld.MESSAGE_TS));
        payload.put("trigger_id", triggerId);
        payload.put("response_url", InteractWorld.RESPONSE_URL);
        payload.put("actions", List.of(Map.of("action_id", actionId, "type",
                actionId.equals(MessageMenu.MORE_ACTION_ID) ? "overflow" : "static_select",
                "selected_option", Map.of("value", optionValue, "text", Map.of("type", "plain_text", "text", "x")))));
        return InteractWorld.formOf("payload", world.write(payload));
    }

    private String submissionBody(String userId, String modal, String privateMetadata, Map<String, Object> values) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "view_submission");
        payload.put("user", Map.of("id", userId, "username", userId.substring(1).toLowerCase()));
        payload.put("view", Map.of("id", "V0001", "type", "modal", "callback_id", "klaxon.modal." + modal,
                "private_metadata", privateMetadata, "state", Map.of("values", values)));
        return InteractWorld.formOf("payload", world.write(payload));
    }
}
