package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.local.template.TemplateModel;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.web.SlackWebApiGateway;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One open per state change and one message per alert, through the doors a user has: alarm state
 * changes delivered twice at the same moment ({@code POST /sns} and {@code POST /events}, or two SNS
 * deliveries with different MessageIds), and a Slack (stub on 127.0.0.1) that stores a post but
 * answers after the client's timeout. The real ASL, the real functions, DynamoDB Local.
 */
class LocalRuntimeIdempotenceTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final String CHANNEL = "C0IDEM";
    /** A named constant, so that LogSecretsScan knows to look for it in the console output. */
    private static final String SIGNING_SECRET = "idem-signing-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    /** CloudWatch's StateChangeTime format, as both SNS and EventBridge carry it. */
    private static final DateTimeFormatter CLOUDWATCH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private SlackStubServer slack;
    private LocalRuntime runtime;
    /** Every execution the alert rule started, by name (the rule names them randomly, as in AWS). */
    private final List<String> executions = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    private LocalConfig config() {
        return new LocalConfig(0, "xoxb-idem", SIGNING_SECRET, slack.url(), "", CHANNEL, 300, 3600,
                "U0ONCALL", System.getenv().getOrDefault("KLAXON_NODE", "node"), LocalConfig.home(null))
                .withConfig(LocalRuntimeEndToEndTest.noStorms(CHANNEL, "5m"), Map.of());
    }

    /**
     * Starts the runtime and keeps the names of the executions the alert rule starts. The rule's
     * target is what LocalRuntime connects (a StartExecution with a random name per event); the test
     * only remembers each name, to tell when every delivery's execution has run its course.
     */
    private void start(TemplateModel template) {
        runtime = LocalRuntime.start(config(), template);
        runtime.bus().connect(template.stateMachineLogicalId(), event -> {
            String name = UUID.randomUUID().toString();
            executions.add(name);
            runtime.runner().startExecution(name, parse(event));
        });
    }

    @Test
    void concurrentDeliveries_shouldOpenOneAlertWithOneMessage_perStateChange() throws Exception {
        // GIVEN 20 alarms, each changing to ALARM once; 10 delivered through SNS and EventBridge, 10 through
        // SNS twice with different MessageIds (a topic subscribed twice, a redelivery with a new id)
        slack = SlackStubServer.start();
        start(TemplateModel.load(LocalConfig.home(null).resolve("sam/template.yaml")));
        Instant changedAt = Instant.now().minusSeconds(30);
        List<Alarm> alarms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alarms.add(new Alarm("idem-pair-" + i, changedAt.plusMillis(i * 7L)));
        }

        // WHEN both deliveries of every change arrive at the same moment
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < alarms.size(); i++) {
            Alarm alarm = alarms.get(i);
            deliveries.add(new Delivery("/sns", sns(alarm)));
            deliveries.add(i < 10 ? new Delivery("/events", eventBridge(alarm)) : new Delivery("/sns", sns(alarm)));
        }
        Instant sent = Instant.now();
        for (HttpResponse<String> response : sendAllAtOnce(deliveries)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        // THEN every delivery's execution ran: one per alarm waits for a claim, the others ended without a word
        AlertStore store = runtime.alerts();
        List<Alert> alerts = await(() -> {
            List<Alert> parked = alarms.stream().map(a -> store.findOpen(a.arn()).filter(x -> x.taskToken() != null))
                    .flatMap(Optional::stream).toList();
            return parked.size() == alarms.size() && executions.size() == deliveries.size()
                    && executions.stream().filter(this::succeeded).count() == alarms.size()
                    ? Optional.of(parked) : Optional.empty();
        });
        Duration settled = Duration.between(sent, Instant.now());
        for (String execution : executions) {
            Map<String, Object> described = describe(execution);
            if ("SUCCEEDED".equals(described.get("status"))) {
                List<String> states = ((List<?>) described.get("states")).stream().map(String::valueOf).toList();
                assertThat(states).as(execution).contains("AlreadyKnown").doesNotContain("Post", "RenderRefire");
                assertThat(store.get(execution)).as("a duplicate stores no alert").isEmpty();
            }
        }

        // AND there are exactly 20 alerts, none counted a refire, each with exactly one top-level message
        assertThat(alerts).extracting(Alert::alertId).doesNotHaveDuplicates().hasSize(20);
        assertThat(alerts).allSatisfy(a -> assertThat(a.refireCount()).as(a.alertKey()).isZero());
        List<Posted> topLevel = slack.messages(CHANNEL).stream().filter(Posted::topLevel).toList();
        assertThat(topLevel).hasSize(20);
        for (Alert alert : alerts) {
            assertThat(topLevel).as(alert.alertKey()).filteredOn(m -> alertIdOf(m).equals(alert.alertId()))
                    .singleElement().satisfies(m -> assertThat(m.ts()).isEqualTo(alert.messageTs()));
            assertThat(store.timeline(alert.alertId())).extracting(e -> e.kind().name()).doesNotContain("REFIRED");
        }
        assertThat(runtime.bus().recent()).noneMatch(e -> e.contains("\"Alert Refired\""));
        System.out.printf("idempotent open: %d deliveries of %d state changes -> %d alerts, %d messages, settled in %d ms%n",
                deliveries.size(), alarms.size(), alerts.size(), topLevel.size(), settled.toMillis());
    }

    @Test
    void latePostAnswers_shouldLeaveExactlyOneMessagePerAlert_whenSlackStoresThePostButAnswersAfterTheTimeout()
            throws Exception {
        // GIVEN functions whose Slack client gives up after 1 s, and a Slack that stores each alert's post
        // but answers it after 3 s
        int clientTimeoutMillis = 1000;
        slack = SlackStubServer.start(Clock.systemUTC());
        start(templateWithSlackTimeout(clientTimeoutMillis));
        int n = 5;
        slack.answerLate("chat.postMessage", r -> r.param("thread_ts") == null, n, Duration.ofSeconds(3));

        // WHEN n alarms fire
        Instant changedAt = Instant.now().minusSeconds(30);
        List<Alarm> alarms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Alarm alarm = new Alarm("idem-late-" + i, changedAt.plusMillis(i));
            alarms.add(alarm);
            HttpResponse<String> response = send(new Delivery("/sns", sns(alarm)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        // THEN each alert gets through its timed-out post to its wait for a claim
        AlertStore store = runtime.alerts();
        List<Alert> alerts = await(() -> {
            List<Alert> parked = alarms.stream().map(a -> store.findOpen(a.arn()).filter(x -> x.taskToken() != null))
                    .flatMap(Optional::stream).toList();
            return parked.size() == n ? Optional.of(parked) : Optional.empty();
        });

        // AND every post was answered too late for its client, yet every alert has exactly one message: the one
        // Slack stored, found again rather than posted again
        assertThat(slack.requests("chat.postMessage")).filteredOn(r -> r.param("thread_ts") == null).hasSize(n);
        assertThat(slack.requests("conversations.history")).hasSizeGreaterThanOrEqualTo(n);
        List<Posted> topLevel = slack.messages(CHANNEL).stream().filter(Posted::topLevel).toList();
        assertThat(topLevel).hasSize(n);
        for (Alert alert : alerts) {
            assertThat(topLevel).as(alert.alertKey()).filteredOn(m -> alertIdOf(m).equals(alert.alertId()))
                    .singleElement().satisfies(m -> assertThat(m.ts()).isEqualTo(alert.messageTs()));
            assertThat(slack.messages(CHANNEL)).as("the opening is threaded under the one message")
                    .anyMatch(m -> alert.messageTs().equals(m.threadTs()));
        }
    }

    // ---- the deliveries --------------------------------------------------------------------------

    /** One alarm's change to ALARM, as CloudWatch would send it. */
    private record Alarm(String name, Instant changedAt) {
        String arn() {
            return "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + name;
        }

        String time() {
            return CLOUDWATCH_TIME.format(changedAt);
        }
    }

    private record Delivery(String path, String body) {
    }

    /** The SNS HTTP delivery of the alarm's notification, under a MessageId of its own. */
    private static String sns(Alarm alarm) throws IOException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("AlarmName", alarm.name());
        message.put("AlarmDescription", "idempotence test");
        message.put("AWSAccountId", ACCOUNT);
        message.put("AlarmArn", alarm.arn());
        message.put("NewStateValue", "ALARM");
        message.put("NewStateReason", "Threshold Crossed: 1 datapoint [99.0] was greater than the threshold (50.0).");
        message.put("StateChangeTime", alarm.time());
        message.put("Region", "EU (Ireland)");
        message.put("OldStateValue", "OK");
        message.put("Trigger", Map.of("MetricName", "CPUUtilization", "Namespace", "AWS/EC2",
                "Statistic", "AVERAGE", "Period", 60, "EvaluationPeriods", 1,
                "ComparisonOperator", "GreaterThanThreshold", "Threshold", 50.0));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", UUID.randomUUID().toString());
        envelope.put("TopicArn", "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":klaxon-alarms");
        envelope.put("Subject", "ALARM: \"" + alarm.name() + "\" in EU (Ireland)");
        envelope.put("Message", JSON.writeValueAsString(message));
        envelope.put("Timestamp", Instant.now().toString());
        envelope.put("SignatureVersion", "1");
        return JSON.writeValueAsString(envelope);
    }

    /** The same change as EventBridge's "CloudWatch Alarm State Change" event. */
    private static String eventBridge(Alarm alarm) throws IOException {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alarmName", alarm.name());
        detail.put("state", Map.of("value", "ALARM", "timestamp", alarm.time(),
                "reason", "Threshold Crossed: 1 datapoint [99.0] was greater than the threshold (50.0)."));
        detail.put("previousState", Map.of("value", "OK", "timestamp", CLOUDWATCH_TIME.format(alarm.changedAt()
                .minusSeconds(600)), "reason", "Threshold Crossed"));
        detail.put("configuration", Map.of("description", "idempotence test", "metrics", List.of(Map.of(
                "id", "m1", "returnData", true, "metricStat", Map.of("period", 60, "stat", "Average",
                        "metric", Map.of("name", "CPUUtilization", "namespace", "AWS/EC2", "dimensions", Map.of()))))));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "CloudWatch Alarm State Change");
        event.put("source", "aws.cloudwatch");
        event.put("account", ACCOUNT);
        event.put("time", alarm.changedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", REGION);
        event.put("resources", List.of(alarm.arn()));
        event.put("detail", detail);
        return JSON.writeValueAsString(event);
    }

    private List<HttpResponse<String>> sendAllAtOnce(List<Delivery> deliveries) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(deliveries.size())) {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                sent.add(pool.submit(() -> {
                    go.await();
                    return send(delivery);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> response : sent) {
                responses.add(response.get());
            }
            return responses;
        }
    }

    private HttpResponse<String> send(Delivery delivery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + delivery.path()))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- observing -------------------------------------------------------------------------------

    /** The real template, with every function's Slack client giving up after {@code millis}. */
    private static TemplateModel templateWithSlackTimeout(int millis) throws IOException {
        Path home = LocalConfig.home(null);
        String yaml = Files.readString(home.resolve("sam/template.yaml"));
        String passage = "        SLACK_API_URL: !Ref SlackApiUrl\n";
        assertThat(yaml).as("the template's Globals still set SLACK_API_URL").contains(passage);
        return TemplateModel.parse(yaml.replace(passage, passage + "        SLACK_HTTP_TIMEOUT_MILLIS: '" + millis + "'\n"),
                home.resolve("sam"));
    }

    private static String alertIdOf(Posted message) {
        if (message.metadata() == null) {
            return "";
        }
        assertThat(message.metadata().get("event_type").getAsString()).isEqualTo(SlackWebApiGateway.METADATA_EVENT_TYPE);
        return message.metadata().getAsJsonObject("event_payload").get(SlackWebApiGateway.METADATA_ALERT_ID).getAsString();
    }

    private boolean succeeded(String execution) {
        Map<String, Object> described = describe(execution);
        if ("FAILED".equals(described.get("status"))) {
            throw new AssertionError("execution " + execution + " failed: " + described);
        }
        return "SUCCEEDED".equals(described.get("status"));
    }

    private Map<String, Object> describe(String execution) {
        return runtime.runner().describe(execution).map(LocalRuntimeIdempotenceTest::parse).orElse(Map.of());
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + slack.requests().stream()
                .map(SlackStubServer.Request::method).toList() + "; executions: "
                + executions.stream().map(e -> runtime.runner().describe(e).orElse(e + ": unknown")).toList());
    }
}
