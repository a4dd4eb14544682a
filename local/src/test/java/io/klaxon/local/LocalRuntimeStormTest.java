package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeFixture.alarm;
import static io.klaxon.local.LocalRuntimeFixture.klaxonYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.local.cli.SlackSigner;
import io.klaxon.slack.StormAction;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storm mode on the real stack (ADR 0014): a route with a threshold of 5 in 30 s gets 20 alarms at
 * once. At most 5 post on their own; the rest show in one storm message, every one still a full
 * alert with its workflow; "Claim all" claims them through their workflows; the storm's end is
 * announced in its thread once the route calms down (found at the claimed alerts' reminder).
 */
class LocalRuntimeStormTest {

    private static final String SECRET = "e2e-signing-secret";
    private static final int THRESHOLD = 5;
    private static final int ALARMS = 20;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The window (30 s), then the first reminder of the claimed alerts (60 s after the claim), with room. */
    private static final Duration END_DEADLINE = Duration.ofSeconds(150);
    private static final String CONFIG = """
            routes:
              - name: default
                channel: C0E2E
                policy: default
                storm: { threshold: %d, window: 30s }
            policies:
              default:
                claimTimeout: 10m
                remindAfter: 60s
                levels:
                  - mention: [here]
            """.formatted(THRESHOLD);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final LocalRuntimeFixture.Stack stack = new LocalRuntimeFixture.Stack();

    @TempDir
    Path dir;


    @Test
    void storm_shouldShowFurtherAlertsInOneMessage_claimThemAll_andAnnounceItsEnd_whenTwentyAlarmsFireAtOnce()
            throws Exception {
        // GIVEN the local stack with a route that storms at more than 5 alerts in 30 s
        stack.startWith(600, klaxonYaml(dir, CONFIG));
        AlertStore store = stack.runtime().alerts();

        // WHEN 20 different alarms fire at once
        for (int i = 0; i < ALARMS; i++) {
            String alarm = alarm("stormAlarm" + i, "storm-test-" + i);
            assertThat(LocalRuntimeEndToEndTest.post(stack.runtime(), "/sns", "application/json", alarm, null).statusCode())
                    .isEqualTo(200);
        }

        // THEN every alarm is a stored alert with a workflow, shown either on its own or in the storm
        List<Alert> alerts = Polling.await(DEADLINE, () -> {
            List<Alert> shown = IntStream.range(0, ALARMS).mapToObj(i -> store.findOpen(key(i)))
                    .flatMap(Optional::stream).filter(a -> a.hasMessage() || a.stormId() != null).toList();
            return shown.size() == ALARMS ? Optional.of(shown) : Optional.empty();
        }, () -> "Slack saw " + stack.slack().requests().stream().map(Request::method).toList());
        assertThat(alerts).allSatisfy(a -> assertThat(stack.runtime().runner().describe(a.workflow())).isPresent());
        List<Alert> own = alerts.stream().filter(Alert::hasMessage).toList();
        List<Alert> inStorm = alerts.stream().filter(a -> a.stormId() != null).toList();
        assertThat(own.size()).isLessThanOrEqualTo(THRESHOLD);
        assertThat(inStorm).hasSize(ALARMS - own.size()).extracting(Alert::stormId).containsOnly(inStorm.getFirst().stormId());

        // AND Slack got at most 5 top-level alert posts plus one storm message, with "Claim all"
        Request stormPost = Polling.await(DEADLINE, () -> stack.slack().requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") == null && control(r.json("blocks"), StormAction.CLAIM_ALL).isPresent())
                .findFirst(), () -> "no storm message among " + stack.slack().requests("chat.postMessage").size() + " posts");
        List<Request> topLevel = stack.slack().requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") == null).toList();
        assertThat(topLevel).hasSize(own.size() + 1);
        String stormId = control(stormPost.json("blocks"), StormAction.CLAIM_ALL).orElseThrow();
        assertThat(stormId).isEqualTo(inStorm.getFirst().stormId());

        // WHEN bob opens one alert of the storm as its own message
        Alert opened = inStorm.getLast();
        assertThat(clickStorm(StormAction.OPEN_ALERT, opened.alertId(), "UBOB", "bob").statusCode()).isEqualTo(200);

        // THEN it gets its own top-level message, and renders on its own from then on
        Alert alone = Polling.await(DEADLINE, () -> store.get(opened.alertId()).filter(Alert::hasMessage),
                () -> "opened alert: " + store.get(opened.alertId()));
        assertThat(alone.stormId()).isNull();
        assertThat(stack.slack().requests("chat.postMessage")).filteredOn(r -> r.param("thread_ts") == null)
                .hasSize(own.size() + 2);

        List<Alert> stillInStorm = inStorm.stream().filter(a -> !a.alertId().equals(opened.alertId())).toList();

        // WHEN alice clicks "Claim all" on the storm message
        HttpResponse<String> clicked = clickStorm(StormAction.CLAIM_ALL, stormId, "UALICE", "alice");
        assertThat(clicked.statusCode()).isEqualTo(200);

        // THEN every alert still in the storm is claimed by her, through its own lifecycle
        Polling.await(DEADLINE, () -> stillInStorm.stream().allMatch(a -> store.get(a.alertId())
                        .filter(x -> x.state() == AlertState.CLAIMED && "UALICE".equals(x.owner().id())).isPresent())
                        ? Optional.of(true) : Optional.empty(),
                () -> "states: " + stillInStorm.stream().map(a -> store.get(a.alertId()).map(Alert::state).orElse(null)).toList());
        assertThat(store.get(opened.alertId()).map(Alert::state)).as("opened on its own, out of the storm")
                .contains(AlertState.UNCLAIMED);
        assertThat(stillInStorm).allSatisfy(a -> assertThat(store.timeline(a.alertId())).extracting(e -> e.kind().name())
                .containsSubsequence("OPENED", "CLAIMED"));
        // AND the storm message, edited in place, counts them all claimed
        String stormTs = Polling.await(DEADLINE, () -> stack.slack().requests("chat.update").stream()
                .filter(u -> u.param("text") != null && u.param("text").contains(stillInStorm.size() + " claimed")
                        && !u.param("text").contains("unclaimed"))
                .map(u -> u.param("ts")).findFirst(), () -> "storm updates: " + stack.slack().requests("chat.update").size());
        // AND the storm's end is announced in its thread once the route calmed down
        Request over = Polling.await(END_DEADLINE, () -> stack.slack().requests("chat.postMessage").stream()
                        .filter(r -> stormTs.equals(r.param("thread_ts")) && r.param("text").contains("Storm over")).findFirst(),
                () -> "replies in the storm thread: " + stack.slack().requests("chat.postMessage").stream()
                        .filter(r -> stormTs.equals(r.param("thread_ts"))).map(r -> r.param("text")).toList());
        assertThat(over.param("channel")).isEqualTo(stormPost.param("channel"));
        // AND no other alert of the storm ever got a top-level message of its own
        assertThat(stack.slack().requests("chat.postMessage").stream().filter(r -> r.param("thread_ts") == null)
                .map(r -> r.param("text")).toList()).hasSize(own.size() + 2);
    }

    private static String key(int i) {
        return "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:stormAlarm" + i;
    }

    /** The value of the storm control with this action id in the blocks. */
    private static Optional<String> control(JsonElement json, StormAction action) {
        if (json == null || json.isJsonNull() || json.isJsonPrimitive()) {
            return Optional.empty();
        }
        if (json.isJsonArray()) {
            for (JsonElement e : json.getAsJsonArray()) {
                Optional<String> found = control(e, action);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        var object = json.getAsJsonObject();
        if (object.has("action_id") && action.actionId().equals(object.get("action_id").getAsString()) && object.has("value")) {
            return Optional.of(object.get("value").getAsString());
        }
        for (var entry : object.entrySet()) {
            Optional<String> found = control(entry.getValue(), action);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A signed block_actions click on a storm control, as Slack sends it (a select sends its chosen option). */
    private HttpResponse<String> clickStorm(StormAction action, String value, String userId, String userName)
            throws Exception {
        Map<String, Object> clicked = action == StormAction.OPEN_ALERT
                ? Map.of("type", "static_select", "action_id", action.actionId(), "selected_option",
                        Map.of("value", value, "text", Map.of("type", "plain_text", "text", "an alarm")))
                : Map.of("type", "button", "action_id", action.actionId(), "value", value);
        Map<String, Object> payload = Map.of(
                "type", "block_actions",
                "user", Map.of("id", userId, "username", userName),
                "container", Map.of("type", "message", "channel_id", "C0E2E", "message_ts", "1.0"),
                "channel", Map.of("id", "C0E2E"),
                "trigger_id", "0.0.storm-" + UUID.randomUUID(),
                "actions", List.of(clicked));
        String json = new String(JsonMapper.createDefault().writeValueAsBytes(payload), StandardCharsets.UTF_8);
        String body = "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.runtime().port() + "/slack/actions"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-slack-request-timestamp", Long.toString(ts))
                .header("x-slack-signature", SlackSigner.sign(SECRET, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
