package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.button;
import static io.klaxon.local.LocalRuntimeEndToEndTest.click;
import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What an SRE reads: every line the whole flow writes (alarm, post, claim click, resolve, through
 * the local runtime and the Slack stub) is one JSON object in Lambda's JSON log format, the
 * functions' lines name their request and alert, and no line carries the bot token, the signing
 * secret or a task token the workflow issued.
 */
class LocalRuntimeLogsTest {

    private static final String BOT_TOKEN = "xoxb-e2e";
    private static final String SIGNING_SECRET = "e2e-signing-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final Set<String> FUNCTION_PACKAGES = Set.of("io.klaxon.ingest", "io.klaxon.lifecycle",
            "io.klaxon.notify", "io.klaxon.escalate", "io.klaxon.interact", "io.klaxon.slack", "io.klaxon.aws",
            "io.klaxon.domain");

    @Test
    void endToEndRun_shouldLogOneJsonObjectPerLine_withoutSecretsOrTaskTokens() throws Exception {
        // GIVEN the console (stdout and stderr, where Lambda's logs come from) recorded from start-up on
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        Set<String> taskTokens = new LinkedHashSet<>();
        String alertId;
        int startedAt;
        System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));
        try (SlackStubServer slack = SlackStubServer.start();
             LocalRuntime runtime = LocalRuntime.start(new LocalConfig(0, BOT_TOKEN, SIGNING_SECRET, slack.url(), "",
                     "C0LOGS", 300, 3600, "U0ONCALL", System.getenv().getOrDefault("KLAXON_NODE", "node"),
                     LocalConfig.home(null)))) {
            AlertStore store = runtime.alerts();
            // Start-up is Lambda's init phase: no invocation, so no request id yet.
            synchronized (console) {
                startedAt = console.size();
            }

            // WHEN an alarm is posted, claimed and resolved (the task tokens noted as the workflow parks)
            String alarm = sample("alerta-http-alarm-s3-bucket.json").replace("bucketbytesAlarm", "bucketbytesLogs")
                    .replace("e288882d-4281-5be4-8fde-dccc11c8cb01", "logs-test-1");
            assertThat(post(runtime, "/sns", "application/json", alarm, null).statusCode()).isEqualTo(200);
            Request posted = slack.awaitRequests("chat.postMessage", 1, DEADLINE).getFirst();
            AlertAction.Target claim = button(posted, AlertAction.CLAIM).orElseThrow();
            alertId = claim.alertId();
            Alert unclaimed = poll(() -> store.get(alertId).filter(a -> a.taskToken() != null));
            taskTokens.add(unclaimed.taskToken());

            assertThat(click(runtime, AlertAction.CLAIM, claim, "UALICE", "alice", SIGNING_SECRET).statusCode())
                    .isEqualTo(200);
            Request claimed = poll(() -> slack.requests("chat.update").stream()
                    .filter(u -> button(u, AlertAction.RESOLVE).isPresent()).findFirst());
            Alert owned = poll(() -> store.get(alertId).filter(a -> a.state() == AlertState.CLAIMED
                    && a.taskToken() != null && !taskTokens.contains(a.taskToken())));
            taskTokens.add(owned.taskToken());

            AlertAction.Target resolve = button(claimed, AlertAction.RESOLVE).orElseThrow();
            assertThat(click(runtime, AlertAction.RESOLVE, resolve, "UALICE", "alice", SIGNING_SECRET).statusCode())
                    .isEqualTo(200);
            poll(() -> store.get(alertId).filter(a -> a.state() == AlertState.RESOLVED));
            poll(() -> slack.requests("chat.update").stream()
                    .filter(u -> u != claimed && button(u, AlertAction.RESOLVE).isEmpty()).findFirst());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        // THEN every line is one JSON object: a metric in Embedded Metric Format (namespace Klaxon), or a
        // log line with Lambda's fields
        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        JsonMapper json = JsonMapper.createDefault();
        List<Map<String, Object>> objects = new ArrayList<>();
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (String line : lines) {
            Map<String, Object> object = parse(json, line);
            if (object.containsKey("_aws")) {
                assertThat(line).as(line).contains("\"Namespace\":\"Klaxon\"");
                metrics.add(object);
                continue;
            }
            assertThat(object).as(line).containsKeys("timestamp", "level", "message", "logger");
            assertThat(Instant.parse((String) object.get("timestamp"))).as(line).isNotNull();
            assertThat((String) object.get("timestamp")).as(line).endsWith("Z");
            assertThat(LEVELS).as(line).contains((String) object.get("level"));
            objects.add(object);
        }
        // AND the run was counted: an alarm published, the alert opened and claimed, and how long that took
        assertThat(metrics).anySatisfy(m -> assertThat(m).containsKey("IngestPublished"))
                .anySatisfy(m -> assertThat(m).containsKey("AlertsOpened"))
                .anySatisfy(m -> assertThat(m).containsKey("AlertsClaimed").containsKey("Route"))
                .anySatisfy(m -> assertThat(m).containsKey("TimeToClaim"));
        // AND the functions' lines about the alert name it and their invocation's request
        List<Map<String, Object>> aboutTheAlert = objects.stream().filter(o -> alertId.equals(o.get("alertId"))).toList();
        assertThat(aboutTheAlert).as(String.join("\n", lines)).isNotEmpty()
                .allSatisfy(o -> assertThat(o.get("requestId")).as(o.toString()).isInstanceOf(String.class));
        String afterStart = console.toString(StandardCharsets.UTF_8).substring(
                new String(console.toByteArray(), 0, startedAt, StandardCharsets.UTF_8).length());
        List<Map<String, Object>> invoked = afterStart.lines().filter(l -> !l.isBlank()).map(l -> parse(json, l))
                .filter(o -> !o.containsKey("_aws") && fromAFunction((String) o.get("logger"))).toList();
        assertThat(invoked).isNotEmpty()
                .allSatisfy(o -> assertThat(o).as(o.toString()).containsKey("requestId"));
        // AND no line carries a secret or a task token
        assertThat(taskTokens).hasSize(2).doesNotContainNull();
        assertThat(lines).allSatisfy(line -> {
            assertThat(line).doesNotContain(BOT_TOKEN).doesNotContain(SIGNING_SECRET);
            taskTokens.forEach(token -> assertThat(line).doesNotContain(token));
        });
        System.out.println("LocalRuntimeLogsTest captured " + lines.size() + " lines:\n" + String.join("\n", lines));
    }

    private static boolean fromAFunction(String logger) {
        return FUNCTION_PACKAGES.stream().anyMatch(p -> logger.startsWith(p + "."));
    }

    private static Map<String, Object> parse(JsonMapper json, String line) {
        try {
            return json.readValue(line, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }

    private static <T> T poll(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "the flow did not get there");
    }

}
