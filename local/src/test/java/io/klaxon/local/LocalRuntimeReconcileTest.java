package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.local.cli.SlackClick;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No orphan (ADR 0010), on the real stack: an alert's execution is stopped as StopExecution stops it,
 * Step Functions' status change reaches the reconcile function through its default-bus rule, and the
 * repair execution re-renders and adopts the alert, which then escalates, takes clicks and resolves
 * as before; repairs that keep being stopped keep the alert open and repaired.
 */
class LocalRuntimeReconcileTest {

    private static final String SECRET = "reconcile-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesAlarm";

    // A 3 s claim timeout: long enough to stop a waiting execution before it escalates on its own.
    @RegisterExtension
    final LocalRuntimeFixture.Stack stack = new LocalRuntimeFixture.Stack(
            slack -> LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, SECRET, 3)));

    @Test
    void abortedWorkflow_shouldBeRepairedAndAdopted_thenEscalateTakeClicksAndResolve() throws Exception {
        // GIVEN an open alert whose workflow waits for a claim
        String alertId = openAlert();
        awaitWaiting(alertId, alertId);
        int updatesBefore = stack.slack().requests("chat.update").size();

        // WHEN its execution is stopped (StopExecution)
        HttpResponse<String> stopped = post("/executions/" + alertId + "/stop");
        assertThat(stopped.statusCode()).isEqualTo(200);

        // THEN the reconciler starts repair 1, which re-renders the message and becomes the alert's workflow
        String repair = "repair-1-" + alertId;
        awaitWaiting(alertId, repair);
        assertThat(describe(alertId)).contains("\"status\":\"ABORTED\"");
        assertThat(describe(repair)).contains("\"Announce\"", "\"Adopt\"", "\"Adopted\"", "\"AwaitClaim\"");
        assertThat(stack.slack().requests("chat.update").size()).isGreaterThan(updatesBefore);

        // AND the adopted alert still escalates when nobody claims it
        await(() -> stack.runtime().alerts().timeline(alertId).stream().filter(e -> e.kind().name().equals("ESCALATED")).findFirst());

        // WHEN a responder claims, then resolves
        Alert claimed = clickUntil(alertId, AlertAction.CLAIM, AlertState.CLAIMED);
        await(() -> stack.slack().requests("chat.update").stream().filter(u -> u.body().contains("URAY")).findFirst());
        clickUntil(alertId, AlertAction.RESOLVE, AlertState.RESOLVED);

        // THEN the clicks are rendered in place and the repair execution ends with the alert
        assertThat(claimed.owner().id()).isEqualTo("URAY");
        await(() -> Optional.of(describe(repair)).filter(d -> d.contains("\"status\":\"SUCCEEDED\"")));
        assertThat(stack.runtime().alerts().timeline(alertId)).extracting(e -> e.kind().name())
                .containsSubsequence("OPENED", "ESCALATED", "CLAIMED", "RESOLVED");
        assertThat(stack.slack().requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") == null)).hasSize(1);
    }

    @Test
    void repairsThatKeepBeingStopped_shouldKeepTheAlertOpenAndRepairedPastTheCap() throws Exception {
        // GIVEN an open alert whose workflow waits for a claim
        String alertId = openAlert();
        awaitWaiting(alertId, alertId);

        // WHEN its workflow is stopped, and then each repair (an announcement that adopted it) in turn,
        // more often than the reconciler's cap of 5 failures repeating cannot fix
        post("/executions/" + alertId + "/stop");
        for (int n = 1; n <= 6; n++) {
            String repair = "repair-" + n + "-" + alertId;
            awaitWaiting(alertId, repair);
            assertThat(post("/executions/" + repair + "/stop").statusCode()).isEqualTo(200);
        }

        // THEN a stop is no failure repeating cannot fix (ADR 0010, "Outages"): a seventh repair adopts
        // the alert, which stays open and unresolved, and no repair waited (each one had got through)
        awaitWaiting(alertId, "repair-7-" + alertId);
        Alert open = stack.runtime().alerts().get(alertId).orElseThrow();
        assertThat(open.state()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(open.repairs().count()).isEqualTo(7);
        assertThat(open.repairs().unfixable()).isZero();
        assertThat(stack.runtime().alerts().timeline(alertId)).noneMatch(e -> e.kind().name().equals("RESOLVED"));
        assertThat(describe("repair-7-" + alertId)).doesNotContain("\"RepairBackoff\"");
    }

    private String openAlert() throws Exception {
        HttpResponse<String> ingest = HTTP.send(HttpRequest.newBuilder(base("/sns"))
                .POST(HttpRequest.BodyPublishers.ofString(sample("alerta-http-alarm-s3-bucket.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(200);
        AlertStore store = stack.runtime().alerts();
        return await(() -> store.findOpen(KEY).filter(Alert::hasMessage)).alertId();
    }

    /** Until {@code execution} is the alert's workflow and has parked its token in AwaitClaim. */
    private void awaitWaiting(String alertId, String execution) {
        await(() -> stack.runtime().alerts().get(alertId)
                .filter(a -> a.workflow().equals(execution) && a.taskToken() != null)
                .filter(a -> describe(execution).contains("\"AwaitClaim\"")));
    }

    private Alert clickUntil(String alertId, AlertAction action, AlertState target) {
        return await(() -> {
            Alert now = stack.runtime().alerts().get(alertId).orElseThrow();
            if (now.state() != target) {
                click(action, now);
            }
            return stack.runtime().alerts().get(alertId).filter(a -> a.state() == target);
        });
    }

    private void click(AlertAction action, Alert alert) {
        var click = new SlackClick(action, alert.alertId(), alert.version(), alert.channel(), alert.messageTs(),
                "URAY", "ray");
        try {
            HTTP.send(click.signedRequest(base("/slack/actions"), SECRET, Instant.now(), JsonMapper.createDefault()),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new AssertionError("click failed", e);
        }
    }

    private String describe(String execution) {
        return stack.runtime().runner().describe(execution).orElse("");
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI base(String path) {
        return URI.create("http://127.0.0.1:" + stack.runtime().port() + path);
    }

    private <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + stack.slack().requests().stream().map(Request::method).toList()
                + "; bus: " + stack.runtime().defaultBus().recent());
    }
}
