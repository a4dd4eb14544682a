package io.klaxon.interact.slack;

import static io.klaxon.interact.testing.InteractWorld.CHANNEL;
import static io.klaxon.interact.testing.InteractWorld.NOW;
import static io.klaxon.interact.testing.InteractWorld.resource;
import static io.klaxon.interact.testing.InteractWorld.slashBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.interact.testing.InteractWorld;
import io.klaxon.interact.testing.RecordingResumer;
import io.klaxon.domain.workflow.Tell;
import static io.klaxon.interact.testing.InteractWorld.RESPONSE_URL;
import io.klaxon.interact.testing.SlackRequestSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Signed Slack requests through the HTTP surface the Lambda handler and the local runtime share. */
class SlackEndpointTest {

    private final InteractWorld world = new InteractWorld();
    private final SlackEndpoint endpoint = world.endpoint();

    private HttpReply post(String path, String body) {
        return endpoint.handle(path, world.signedHeaders(body), body);
    }

    private HttpReply click(String userId, String username, String actionId, String value) {
        return post(SlackEndpoint.ACTIONS, world.clickBody(userId, username, actionId, value));
    }

    private Map<String, Object> slashReply(HttpReply reply) {
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo(HttpReply.JSON);
        return world.read(reply.body());
    }

    // ---- clicks --------------------------------------------------------------------------------

    @Test
    void actions_shouldAckAndResumeWorkflowWithClaimedOutcome_whenSignedClaimIsClicked() {
        // GIVEN
        world.waitingAlert("a1");
        // WHEN
        HttpReply reply = click("UALICE", "alice", "klaxon.claim", "a1:1");
        // THEN
        assertThat(reply).isEqualTo(new HttpReply(200, HttpReply.TEXT, ""));
        assertThat(world.resumer.calls()).singleElement().satisfies(call -> {
            assertThat(call.taskToken()).isEqualTo(InteractWorld.token("a1"));
            assertThat(call.outcome().version()).isEqualTo(2);
            assertThat(call.outcome().state()).isEqualTo(AlertState.CLAIMED);
            assertThat(call.outcome().change().event()).isEqualTo(LifecycleEventType.CLAIMED);
            assertThat(call.outcome().change().actor()).isEqualTo(Actor.slack("UALICE", "alice"));
        });
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void actions_shouldResumeOnceAndTellTheOther_whenTwoUsersClickClaim() {
        // GIVEN
        world.waitingAlert("a1");
        // WHEN
        HttpReply alice = click("UALICE", "alice", "klaxon.claim", "a1:1");
        HttpReply bob = click("UBOB", "bob", "klaxon.claim", "a1:1");
        // THEN both are acknowledged; one resume; bob is told and the message shows alice
        assertThat(alice.status()).isEqualTo(200);
        assertThat(bob).isEqualTo(HttpReply.ack());
        assertThat(world.resumer.calls()).singleElement()
                .extracting(c -> c.outcome().change().actor().id()).isEqualTo("UALICE");
        assertThat(world.starter.tells()).containsExactly(new Tell("a1", RESPONSE_URL, "UBOB", CHANNEL, "Already claimed by <@UALICE>."));
        assertThat(world.starter.refreshes()).singleElement().extracting(WorkflowOutcome::version).isEqualTo(2L);
    }

    @Test
    void actions_shouldLetExactlyOneWin_whenTwoSignedClaimsArriveAtTheSameTime() throws Exception {
        // GIVEN two people about to click Claim on the same message, released together
        world.waitingAlert("a1");
        String aliceBody = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        String bobBody = world.clickBody("UBOB", "bob", "klaxon.claim", "a1:1");
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(2)) {
            var alice = pool.submit(() -> {
                start.await();
                return endpoint.handle(SlackEndpoint.ACTIONS, world.signedHeaders(aliceBody), aliceBody);
            });
            var bob = pool.submit(() -> {
                start.await();
                return endpoint.handle(SlackEndpoint.ACTIONS, world.signedHeaders(bobBody), bobBody);
            });
            // WHEN
            start.countDown();
            // THEN both are acknowledged, one claim stands, and the other clicker hears who won
            assertThat(alice.get(10, TimeUnit.SECONDS)).isEqualTo(HttpReply.ack());
            assertThat(bob.get(10, TimeUnit.SECONDS)).isEqualTo(HttpReply.ack());
        }
        assertThat(world.resumer.calls()).hasSize(1);
        String winner = world.resumer.calls().getFirst().outcome().change().actor().id();
        String loser = winner.equals("UALICE") ? "UBOB" : "UALICE";
        assertThat(world.store.get("a1").orElseThrow().owner().id()).isEqualTo(winner);
        assertThat(world.starter.tells())
                .containsExactly(new Tell("a1", RESPONSE_URL, loser, CHANNEL, "Already claimed by <@" + winner + ">."));
        assertThat(world.starter.refreshes()).hasSize(1);
    }

    @Test
    void actions_shouldExplainAndReRender_whenStaleButtonIsClicked() {
        // GIVEN a refire bumped the alert to version 2 while the message still shows version 1
        world.waitingAlert("a1");
        world.alerts.open("a2", Fixtures.firing("signal-refire", Fixtures.T0.plusSeconds(20)), Fixtures.policy());
        var before = world.snapshot("a1");
        // WHEN
        HttpReply reply = click("UALICE", "alice", "klaxon.resolve", "a1:1");
        // THEN
        assertThat(reply).isEqualTo(HttpReply.ack());
        assertThat(world.starter.tells()).containsExactly(new Tell("a1", RESPONSE_URL, "UALICE", CHANNEL, Replies.STALE));
        assertThat(world.starter.refreshes()).singleElement().extracting(WorkflowOutcome::version).isEqualTo(2L);
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.resumer.calls()).isEmpty();
    }

    @Test
    void actions_shouldAckWithTryAgain_whenStoreIsDown() {
        world.waitingAlert("a1");
        world.store.goDown();
        HttpReply reply = click("UALICE", "alice", "klaxon.claim", "a1:1");
        // Slack gets its 200 (it would show its own error otherwise); the clicker is told to retry.
        assertThat(reply).isEqualTo(HttpReply.ack());
        assertThat(world.starter.tells()).extracting(Tell::text)
                .containsExactly("Klaxon could not record your click — try again.");
    }

    @Test
    void actions_shouldAcceptLowerCaseHeaderNames_asApiGatewayDeliversThem() {
        world.waitingAlert("a1");
        String body = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        Map<String, String> lower = new HashMap<>();
        world.signedHeaders(body).forEach((k, v) -> lower.put(k.toLowerCase(), v));
        assertThat(endpoint.handle("/slack/actions", lower, body).status()).isEqualTo(200);
        assertThat(world.resumer.calls()).hasSize(1);
    }

    // ---- signature failures: 401 and nothing else ------------------------------------------------

    @Test
    void handle_shouldAnswer401AndChangeNothing_whenBodyWasTamperedAfterSigning() {
        // GIVEN
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        String signedBody = world.clickBody("UALICE", "alice", "klaxon.resolve", "a1:1");
        Map<String, String> headers = world.signedHeaders(signedBody);
        String tampered = world.clickBody("UMALLORY", "mallory", "klaxon.resolve", "a1:1");
        // WHEN
        HttpReply reply = endpoint.handle(SlackEndpoint.ACTIONS, headers, tampered);
        // THEN
        assertThat(reply.status()).isEqualTo(401);
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void handle_shouldAnswer401AndChangeNothing_whenHeadersAreMissing() {
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        String body = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        assertThat(endpoint.handle(SlackEndpoint.ACTIONS, Map.of(), body).status()).isEqualTo(401);
        assertThat(endpoint.handle(SlackEndpoint.COMMANDS, Map.of("X-Slack-Request-Timestamp",
                Long.toString(NOW.getEpochSecond())), slashBody("UALICE", "alice", "claim a1")).status()).isEqualTo(401);
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void handle_shouldAnswer401AndChangeNothing_whenRequestIsAReplayOlderThanFiveMinutes() {
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        String body = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        Map<String, String> old = world.signer.headers(body, NOW.minus(Duration.ofMinutes(5)).minusSeconds(1));
        assertThat(endpoint.handle(SlackEndpoint.ACTIONS, old, body).status()).isEqualTo(401);
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.resumer.calls()).isEmpty();
    }

    @Test
    void handle_shouldAnswer401_whenSignedWithAnotherSecret() {
        world.waitingAlert("a1");
        String body = slashBody("UALICE", "alice", "claim a1");
        var forged = new SlackRequestSigner("guessed-secret").headers(body, NOW);
        assertThat(endpoint.handle(SlackEndpoint.COMMANDS, forged, body).status()).isEqualTo(401);
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.UNCLAIMED);
    }

    // ---- malformed requests: 400, nothing changed ---------------------------------------------

    @Test
    void actions_shouldAnswer400AndChangeNothing_whenPayloadIsNotJson() {
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        HttpReply reply = post(SlackEndpoint.ACTIONS, InteractWorld.formOf("payload", "{\"type\":\"block_actions\","));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo("payload is not a valid interaction JSON object");
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void actions_shouldAnswer400_whenFormHasNoPayloadField() {
        HttpReply reply = post(SlackEndpoint.ACTIONS, "token=x&team_id=T1");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("'payload'");
    }

    @Test
    void actions_shouldAnswer400_whenFormEncodingIsBroken() {
        HttpReply reply = post(SlackEndpoint.ACTIONS, "payload=%7B%zz");
        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void actions_shouldAnswer400NamingTheActionId_whenBoltPythonSampleButtonIsNotKlaxons() {
        // GIVEN the Enterprise Grid sample's raw body, exactly as Slack would post it, signed
        String body = resource("slack/block-actions-bolt-python-form-body.derived.txt");
        // WHEN
        HttpReply reply = post(SlackEndpoint.ACTIONS, body);
        // THEN
        assertThat(reply).isEqualTo(new HttpReply(400, HttpReply.TEXT, "unknown action_id 'a'"));
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void actions_shouldAnswer400AndChangeNothing_whenButtonValueIsMalformed() {
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        HttpReply reply = click("UALICE", "alice", "klaxon.claim", "a1");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(world.snapshot("a1")).isEqualTo(before);
    }

    @Test
    void handle_shouldAnswer404_whenPathIsNotSlacks() {
        String body = slashBody("UALICE", "alice", "help");
        assertThat(post("/slack/events", body).status()).isEqualTo(404);
    }

    @Test
    void handle_shouldRoute_whenPathHasAStagePrefixOrTrailingSlash() {
        assertThat(post("/prod/slack/commands", slashBody("UALICE", "alice", "help")).status()).isEqualTo(200);
        assertThat(post("/slack/commands/", slashBody("UALICE", "alice", "help")).status()).isEqualTo(200);
    }

    // ---- replays: the same signed request again within the window ------------------------------

    @Test
    void commands_shouldBeRefusedAndApplyNothing_whenASignedCommandIsReplayed() {
        // GIVEN a signed "claim" that was accepted, then undone
        world.waitingAlert("a1");
        String body = slashBody("UALICE", "alice", "claim a1");
        Map<String, String> headers = world.signedHeaders(body);
        assertThat(endpoint.handle(SlackEndpoint.COMMANDS, headers, body).status()).isEqualTo(200);
        post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "unclaim a1"));
        var before = world.snapshot("a1");
        int resumes = world.resumer.calls().size();

        // WHEN the very same request is sent again within five minutes
        HttpReply replay = endpoint.handle(SlackEndpoint.COMMANDS, headers, body);

        // THEN it is refused with the reason, and nothing is claimed again
        assertThat(replay).isEqualTo(new HttpReply(401, HttpReply.TEXT,
                "this signed Slack request was already received; a replay changes nothing"));
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.snapshot("a1").alert().state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(world.resumer.calls()).hasSize(resumes);
    }

    @Test
    void actions_shouldBeRefusedAndApplyNothing_whenASignedClickIsReplayed() {
        // GIVEN an accepted click
        world.waitingAlert("a1");
        String body = world.clickBody("UALICE", "alice", "klaxon.claim", "a1:1");
        Map<String, String> headers = world.signedHeaders(body);
        assertThat(endpoint.handle(SlackEndpoint.ACTIONS, headers, body)).isEqualTo(HttpReply.ack());
        var before = world.snapshot("a1");

        // WHEN / THEN the same bytes again are refused before anything is decoded
        assertThat(endpoint.handle(SlackEndpoint.ACTIONS, headers, body).status()).isEqualTo(401);
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.resumer.calls()).hasSize(1);
        assertThat(world.starter.tells()).isEmpty();
    }

    // ---- alert ids that cannot be Klaxon's ------------------------------------------------------

    @Test
    void commands_shouldAnswerAClearError_whenTheTypedAlertIdIsTenKilobytes() {
        // GIVEN a command whose "alert id" is 10 KB
        world.waitingAlert("a1");
        var before = world.snapshot("a1");

        // WHEN
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS,
                slashBody("UALICE", "alice", "claim " + "x".repeat(10_000))));

        // THEN an ephemeral answer says what is wrong, quoting only a little; the store is not asked
        assertThat(json).containsEntry("response_type", "ephemeral");
        assertThat((String) json.get("text")).startsWith("`" + "x".repeat(80) + "…` is not an alert id")
                .hasSizeLessThan(2_000);
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.resumer.calls()).isEmpty();
    }

    @Test
    void commands_shouldAnswerAClearError_whenTheTypedAlertIdHasControlCharacters() {
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS,
                slashBody("UALICE", "alice", "resolve a1\u0000\u001b[2J\u0007x")));
        assertThat((String) json.get("text")).startsWith("`a1  [2J x` is not an alert id")
                .doesNotContainPattern("[\\p{Cntrl}&&[^\\n]]");
    }

    @Test
    void actions_shouldAnswer400AndChangeNothing_whenTheButtonsAlertIdIsTenKilobytes() {
        HttpReply reply = click("UALICE", "alice", "klaxon.claim", "x".repeat(10_000) + ":1");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).endsWith("…' does not hold a Klaxon alert id").hasSizeLessThan(200);
        assertThat(world.resumer.calls()).isEmpty();
    }

    // ---- slash commands ------------------------------------------------------------------------

    @Test
    void commands_shouldAnswerHelp_whenSlackPublishedSigningExampleArrivesAtItsTime() {
        // GIVEN Slack's published signed request (a slash command with empty text), clock at its time
        Map<String, Object> example = world.read(resource("slack/signing-secret-docs-example.json"));
        var verifier = new RequestVerifier((String) example.get("signing_secret"),
                Clock.fixed(Instant.ofEpochSecond(1531420618L), ZoneOffset.UTC));
        var docsEndpoint = new SlackEndpoint(verifier, world.interactService(), world.json(), world.schedules);
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) example.get("headers");
        // WHEN
        HttpReply reply = docsEndpoint.handle("/slack/commands", headers,
                resource("slack/slash-command-signing-example-body.txt"));
        // THEN the usage of the command it was sent as
        Map<String, Object> json = slashReply(reply);
        assertThat(json).containsEntry("response_type", "ephemeral");
        assertThat((String) json.get("text")).contains("`/webhook-collect claim &lt;alertId&gt;`");
    }

    @Test
    void commands_shouldClaimWithoutVersionAndConfirm_whenClaimIsTyped() {
        // GIVEN a refire: the typed command knows no version and applies to the current one
        world.waitingAlert("a1");
        world.alerts.open("a2", Fixtures.firing("signal-refire", Fixtures.T0.plusSeconds(20)), Fixtures.policy());
        // WHEN
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "claim a1")));
        // THEN
        assertThat(json).isEqualTo(Map.of("response_type", "ephemeral", "text", "You claimed *api-5xx is ALARM*."));
        assertThat(world.resumer.calls()).singleElement().extracting(RecordingResumer.Call::outcome)
                .satisfies(o -> {
                    assertThat(o.version()).isEqualTo(3);
                    assertThat(o.state()).isEqualTo(AlertState.CLAIMED);
                    assertThat(o.change().actor()).isEqualTo(Actor.slack("UALICE", "alice"));
                });
    }

    @Test
    void commands_shouldSnoozeForTheTypedDuration_whenSnoozeIsTyped() {
        world.waitingAlert("a1");
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "snooze a1 2h")));
        assertThat(world.store.get("a1").orElseThrow().snoozedUntil()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat((String) json.get("text")).startsWith("You snoozed *api-5xx is ALARM* until <!date^");
    }

    @Test
    void commands_shouldResolveAndUnclaim_whenTyped() {
        world.waitingAlert("a1");
        post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "claim a1"));
        assertThat(slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "unclaim a1"))).get("text"))
                .isEqualTo("You unclaimed *api-5xx is ALARM*; it waits for an owner again.");
        assertThat(slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "resolve a1"))).get("text"))
                .isEqualTo("You resolved *api-5xx is ALARM*.");
        assertThat(world.store.get("a1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void commands_shouldAnswerWhoOwnsIt_whenClaimIsTypedForAClaimedAlert() {
        world.waitingAlert("a1");
        post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "claim a1"));
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "claim a1")));
        assertThat(json.get("text")).isEqualTo("Already claimed by <@UALICE>.");
        assertThat(world.starter.tells()).isEmpty();
        assertThat(world.starter.refreshes()).hasSize(1);
    }

    @Test
    void commands_shouldAnswerHelpWithTheProblem_whenCommandIsUnknown() {
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "ack a1")));
        assertThat((String) json.get("text")).startsWith("I don't know the command `ack`.\n*Klaxon*")
                .contains("`/klaxon snooze &lt;alertId&gt; &lt;15m|1h|4h|tomorrow&gt;`");
        assertThat(world.snapshot("a1")).isEqualTo(before);
    }

    @Test
    void commands_shouldAnswerNoSuchAlert_whenAlertIdIsUnknown() {
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "resolve nope")));
        assertThat((String) json.get("text")).contains("no such alert").contains("`nope`");
    }

    @Test
    void commands_shouldAnswer200WithTryAgain_whenStoreIsDown() {
        world.waitingAlert("a1");
        world.store.goDown();
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "claim a1")));
        assertThat(json.get("text")).isEqualTo("Klaxon could not record your command — try again.");
    }

    @Test
    void commands_shouldAnswerWhoIsOnCall_whenOncallIsTyped() {
        // GIVEN the world's weekly schedule, whose first shift began the Monday before NOW
        // WHEN
        Map<String, Object> all = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "oncall")));
        Map<String, Object> named = slashReply(post(SlackEndpoint.COMMANDS,
                slashBody("UALICE", "alice", "oncall ops-primary")));
        // THEN
        assertThat(all).isEqualTo(Map.of("response_type", "ephemeral", "text", "*On call now*\n• `ops-primary` <@U0ANNA>"));
        assertThat(named).isEqualTo(all);
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void commands_shouldNameTheKnownSchedules_whenOncallNamesAnUnknownOne() {
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS,
                slashBody("UALICE", "alice", "oncall ops-primary <!here>")));
        assertThat(json.get("text")).isEqualTo("No schedule `&lt;!here&gt;` in klaxon.yaml (it has `ops-primary`).");
    }

    @Test
    void commands_shouldShowStateOwnerAgeRouteAndLevel_whenStatusIsTyped() {
        // GIVEN a claimed alert, opened at NOW by the fixed clock
        world.waitingAlert("a1");
        post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "claim a1"));
        var before = world.snapshot("a1");
        // WHEN
        String text = (String) slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "status a1"))).get("text");
        // THEN read-only: nothing stored, nothing told
        assertThat(text).startsWith("*api-5xx is ALARM* (`a1`)\n• State: *claimed*\n• Owner: <@UALICE>\n• Age: 0s (opened <!date^")
                .endsWith("\n• Route: `" + Fixtures.policy().route() + "`\n• Escalation level: 0");
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.resumer.calls()).hasSize(1);
    }

    @Test
    void commands_shouldAnswerNoSuchAlertOrTryAgain_whenStatusCannotBeShown() {
        assertThat(slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "status nope"))).get("text"))
                .isEqualTo("Klaxon knows no such alert: `nope`.");
        world.store.goDown();
        assertThat(slashReply(post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "status a1"))).get("text"))
                .isEqualTo("Klaxon could not read its alerts just now — try again.");
    }

    @Test
    void commands_shouldAddANoteWithoutChangingState_whenNoteIsTyped() {
        // GIVEN
        world.waitingAlert("a1");
        // WHEN Slack escaped the text (should_escape: true)
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS,
                slashBody("UBOB", "bob", "note a1 replica lag &gt; 30s, paging <@U0DBA|dba>")));
        // THEN the note is on the timeline, handed to the workflow once (announced: the workflow's wait
        // for a claim keeps running, so the escalation deadline holds), and no event is published
        assertThat(json.get("text")).isEqualTo("You added a note to *api-5xx is ALARM*; it shows in the thread.");
        var alert = world.store.get("a1").orElseThrow();
        assertThat(alert.state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(alert.version()).isEqualTo(2);
        assertThat(alert.taskToken()).isEqualTo(InteractWorld.token("a1"));
        assertThat(world.store.timeline("a1").getLast().text()).isEqualTo("Note from bob: replica lag > 30s, paging @dba");
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.starter.announcements()).singleElement().satisfies(outcome -> {
            assertThat(outcome.state()).isEqualTo(AlertState.UNCLAIMED);
            assertThat(outcome.change().event()).isNull();
        });
    }

    @Test
    void commands_shouldRefuseTheNoteAndSayWhy_whenTheAlertIsResolved() {
        world.waitingAlert("a1");
        post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "resolve a1"));
        var before = world.snapshot("a1");
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "note a1 too late")));
        assertThat((String) json.get("text")).startsWith("This alert was resolved by <@UALICE>");
        assertThat(world.snapshot("a1")).isEqualTo(before);
    }

    @Test
    void commands_shouldMakeThePickedUserTheOwner_whenAssignIsTyped() {
        // GIVEN alice owns it
        world.waitingAlert("a1");
        post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "claim a1"));
        // WHEN bob hands it to carol, as Slack escapes a picked user
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "assign a1 <@UCAROL|carol>")));
        // THEN
        assertThat(json.get("text")).isEqualTo("You assigned *api-5xx is ALARM* to <@UCAROL>; they are mentioned in the thread.");
        var alert = world.store.get("a1").orElseThrow();
        assertThat(alert.state()).isEqualTo(AlertState.CLAIMED);
        assertThat(alert.owner()).isEqualTo(Actor.slack("UCAROL", "carol"));
        assertThat(world.store.timeline("a1").getLast().text()).isEqualTo("Assigned to carol by bob");
    }

    @Test
    void commands_shouldSayWhy_whenAssignCannotApply() {
        world.waitingAlert("a1");
        post(SlackEndpoint.COMMANDS, slashBody("UALICE", "alice", "claim a1"));
        var before = world.snapshot("a1");
        assertThat(slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "assign a1 <@UALICE>"))).get("text"))
                .isEqualTo("<@UALICE> owns this alert already.");
        assertThat((String) slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "assign a1 @carol"))).get("text"))
                .startsWith("I can't tell who `@carol` is: pick the person from Slack's @ suggestions");
        assertThat(world.snapshot("a1")).isEqualTo(before);
    }

    @Test
    void commands_shouldSnoozeUntilNineTomorrow_whenSnoozeTomorrowIsTyped() {
        // GIVEN an alert whose policy mentions no schedule: the zone is UTC
        world.waitingAlert("a1");
        // WHEN
        Map<String, Object> json = slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "snooze a1 tomorrow")));
        // THEN NOW is 2026-11-21 03:01 UTC
        assertThat(world.store.get("a1").orElseThrow().snoozedUntil()).isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
        assertThat((String) json.get("text")).startsWith("You snoozed *api-5xx is ALARM* until <!date^");
        assertThat(slashReply(post(SlackEndpoint.COMMANDS, slashBody("UBOB", "bob", "snooze nope tomorrow"))).get("text"))
                .isEqualTo("Klaxon knows no such alert: `nope`.");
    }

    @Test
    void commands_shouldAnswer400_whenUserIdIsMissing() {
        HttpReply reply = post(SlackEndpoint.COMMANDS, "command=%2Fklaxon&text=claim+a1");
        assertThat(reply).isEqualTo(new HttpReply(400, HttpReply.TEXT, "slash command has no user_id"));
    }

    // ---- priming ------------------------------------------------------------------------------

    @Test
    void prime_shouldWriteNothingAndCallNeitherWorkflowNorSlack() {
        world.waitingAlert("a1");
        var before = world.snapshot("a1");
        assertThat(new SnapStartPriming(endpoint, world.alerts).run()).isTrue();
        assertThat(world.snapshot("a1")).isEqualTo(before);
        assertThat(world.store.get("priming")).isEmpty();
        assertThat(world.resumer.calls()).isEmpty();
        assertThat(world.slack.silent()).isTrue();
    }

    @Test
    void prime_shouldNotFail_whenNoSigningSecretIsConfiguredOrTheStoreIsDown() {
        world.store.goDown();
        var unconfigured = new SlackEndpoint(new RequestVerifier(null, world.clock), world.interactService(), world.json(), world.schedules);
        assertThat(new SnapStartPriming(unconfigured, world.alerts).run()).isFalse();
        assertThat(world.slack.silent()).isTrue();
    }
}
