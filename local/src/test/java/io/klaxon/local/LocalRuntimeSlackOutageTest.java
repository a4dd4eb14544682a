package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeFixture.alarm;
import static io.klaxon.local.LocalRuntimeFixture.toOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slack is down (HTTP 503 to every call) for 60 s while 20 alarms fire and half of them recover,
 * on the local runtime (issue 8). The workflow's retries of SlackUnavailable (3 s, doubling, 20
 * attempts, capped at 300 s) are kept in shape but scaled to a tenth
 * ({@link LocalRuntime#RETRY_SCALE_PROPERTY}): they still span several minutes, more than the
 * outage, where a flat short interval would spend all 20 attempts in seconds and fail the
 * executions. After the outage every alert has exactly one top-level message showing its final state.
 */
class LocalRuntimeSlackOutageTest {

    private static final String CHANNEL = "C0E2E";
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final int ALERTS = 20;
    private static SlackStubServer slack;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        slack = SlackStubServer.start();
        // One message per alert is what this test counts: a threshold above its 20 alarms keeps storm mode out.
        runtime = LocalRuntimeEndToEndTest.startWith(LocalRuntime.RETRY_SCALE_PROPERTY, "0.1",
                LocalRuntimeEndToEndTest.config(slack, 3600)
                        .withConfig(LocalRuntimeEndToEndTest.noStorms("C0E2E", "1h"), Map.of()));
    }

    @AfterAll
    static void stop() {
        LocalRuntimeFixture.close(runtime, slack);
    }

    @Test
    void everyAlert_shouldHaveOneMessageInItsFinalState_whenSlackWasDownForAMinuteWhileTheyArrived() throws Exception {
        // GIVEN Slack answers 503 to everything for the next 60 s
        Instant back = Instant.now().plus(OUTAGE);
        slack.unavailableUntil(back);

        // WHEN 20 alarms fire, and the even ones recover (still during the outage)
        AlertStore store = runtime.alerts();
        for (int i = 0; i < ALERTS; i++) {
            assertThat(post(runtime, "/sns", "application/json", firing(i), null).statusCode()).isEqualTo(200);
        }
        List<Alert> opened = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            String key = key(i);
            opened.add(await(() -> store.findOpen(key)));
        }
        for (int i = 0; i < ALERTS; i += 2) {
            assertThat(post(runtime, "/sns", "application/json", recovery(i), null).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < ALERTS; i += 2) {
            String id = opened.get(i).alertId();
            await(() -> store.get(id).filter(a -> a.state() == AlertState.RESOLVED));
        }
        assertThat(Instant.now()).as("the alerts arrived during the outage").isBefore(back);
        assertThat(slack.requests()).as("Slack took nothing while down").isEmpty();

        // THEN once Slack is back, every alert gets its message, and its latest rendering is its final state
        for (int i = 0; i < ALERTS; i++) {
            String id = opened.get(i).alertId();
            boolean resolved = i % 2 == 0;
            Alert alert = await(() -> store.get(id).filter(Alert::hasMessage));
            await(() -> latestRendering(alert.alertId(), alert.messageTs())
                    .filter(blocks -> resolved != blocks.contains("klaxon.claim")));
            assertThat(store.get(id).orElseThrow().state())
                    .isEqualTo(resolved ? AlertState.RESOLVED : AlertState.UNCLAIMED);
        }
        assertThat(slack.unavailableCount()).as("Slack was asked, and refused, during the outage").isPositive();

        // AND each alert has exactly one top-level message
        List<String> topLevel = slack.messages(CHANNEL).stream().filter(Posted::topLevel)
                .map(LocalRuntimeFixture::alertIdOf).toList();
        assertThat(topLevel).containsExactlyInAnyOrderElementsOf(opened.stream().map(Alert::alertId).toList());
    }

    /** The blocks of the alert's newest top-level post or edit that Slack took. */
    private static Optional<String> latestRendering(String alertId, String ts) {
        List<Request> renders = slack.requests().stream()
                .filter(r -> r.method().equals("chat.update") && ts.equals(r.param("ts"))
                        || r.method().equals("chat.postMessage") && r.param("thread_ts") == null
                        && r.body().contains(alertId))
                .toList();
        return renders.isEmpty() ? Optional.empty() : Optional.ofNullable(renders.getLast().param("blocks"));
    }

    private static String key(int i) {
        return "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:outage" + i;
    }

    private static String firing(int i) throws Exception {
        return alarm("outage" + i, "outage-fire-" + i);
    }

    private static String recovery(int i) throws Exception {
        return toOk(firing(i).replace("outage-fire-" + i, "outage-ok-" + i)
                .replace("2019-02-15T23:53:45.093+0000", "2019-02-16T00:10:00.000+0000"));
    }

    private static <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + slack.requests().stream().map(Request::method).toList()
                + ", refused " + slack.unavailableCount() + " while down");
    }
}
