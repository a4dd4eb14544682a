package io.klaxon.interact.testing;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.interact.ChangeDelivery;
import io.klaxon.interact.InteractService;
import io.klaxon.interact.OnCallSchedules;
import io.klaxon.config.Schedule;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import io.klaxon.interact.RecoveryService;
import io.klaxon.interact.slack.RequestVerifier;
import io.klaxon.interact.slack.SlackEndpoint;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Klaxon as interact sees it, for a test: the in-memory store behind the real
 * {@link AlertService}, a fixed clock, a recording workflow and a recording Slack.
 */
public class InteractWorld {

    private static final AtomicLong TRIGGER_IDS = new AtomicLong();

    /** The Micronaut environment in which {@link WorldBeans} replaces the adapters. */
    public static final String ENVIRONMENT = "interact-world";
    public static final Instant NOW = Fixtures.T0.plusSeconds(60);
    public static final String SECRET = "klaxon-test-signing-secret";
    public static final String CHANNEL = "C0123456789";
    public static final String MESSAGE_TS = "1700000000.000100";
    /** The response_url of the clicks tests make. */
    public static final String RESPONSE_URL = "https://hooks.slack.com/actions/T0KLAXON/1/test-response-url";

    public final OutageStore store = new OutageStore();
    public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    public final AlertService alerts = new AlertService(store, clock);
    public final RecordingResumer resumer = new RecordingResumer();
    public final RecordingSlackGateway slack = new RecordingSlackGateway();
    /** Announcement executions interact started (when no workflow wait took a change, or to refresh). */
    public final RecordingStarter starter = new RecordingStarter();
    public final ChangeDelivery delivery = new ChangeDelivery(resumer, starter);
    public final SlackRequestSigner signer = new SlackRequestSigner(SECRET);
    /** One weekly schedule starting the Monday before {@link #NOW}: {@code U0ANNA} is on call. */
    public final OnCallSchedules schedules = new OnCallSchedules("klaxon.yaml", Map.of("ops-primary",
            new Schedule("ops-primary", ZoneOffset.UTC, LocalDate.parse("2026-11-16"), LocalTime.parse("09:00"),
                    Duration.ofDays(7), List.of("U0ANNA", "U0BEN"), List.of())), clock);

    /** An unclaimed alert whose message is posted and whose workflow waits for a claim. */
    public Alert waitingAlert(String alertId) {
        alerts.open(alertId, Fixtures.firing("signal-" + alertId, Fixtures.T0), Fixtures.policy());
        alerts.recordMessage(alertId, CHANNEL, MESSAGE_TS);
        alerts.awaitAction(alertId, token(alertId), AlertState.UNCLAIMED);
        return alerts.require(alertId);
    }

    public static String token(String alertId) {
        return "task-token-" + alertId;
    }

    public InteractService interactService() {
        return new InteractService(alerts, starter, delivery);
    }

    public RecoveryService recoveryService() {
        return new RecoveryService(alerts, delivery);
    }

    public SlackEndpoint endpoint() {
        return new SlackEndpoint(new RequestVerifier(SECRET, clock), interactService(), json(), schedules);
    }

    /**
     * A started application context: the production bean graph, with this world's store, workflow,
     * Slack and clock in place of the AWS and Slack adapters (see {@link WorldBeans}).
     */
    public ApplicationContext context() {
        return context(Map.of("slack.signing.secret", SECRET));
    }

    public ApplicationContext context(Map<String, Object> properties) {
        return ApplicationContext.builder()
                .environments(ENVIRONMENT)
                .properties(properties)
                .singletons(this)
                .start();
    }

    /** What the store holds for an alert: the alert and its timeline, to compare before and after. */
    public record Snapshot(Alert alert, List<TimelineEntry> timeline) {
    }

    public Snapshot snapshot(String alertId) {
        return new Snapshot(store.get(alertId).orElseThrow(), store.timeline(alertId));
    }

    /**
     * Micronaut Serialization's shared mapper, for reading and writing test payloads. Asked for when first used,
     * not when the world is built: it starts an application context of its own, which the cold-start probe's
     * world must not start before the function's.
     */
    public ObjectMapper json() {
        return ObjectMapper.getDefault();
    }

    // ---- Slack requests -------------------------------------------------------------------------

    public static String resource(String name) {
        try (InputStream in = InteractWorld.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Slack's documented block_actions example, turned into a click on a Klaxon button by
     * {@code userId}: the form body exactly as Slack posts it.
     */
    public String clickBody(String userId, String username, String actionId, String value) {
        Map<String, Object> payload = read(resource("slack/block-actions-docs-example.json"));
        payload.put("user", new LinkedHashMap<>(Map.of("id", userId, "username", username, "team_id", "T9TK3CUKW")));
        @SuppressWarnings("unchecked")
        Map<String, Object> container = (Map<String, Object>) payload.get("container");
        container.put("channel_id", CHANNEL);
        container.put("message_ts", MESSAGE_TS);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> actions = new ArrayList<>((List<Map<String, Object>>) payload.get("actions"));
        Map<String, Object> action = new LinkedHashMap<>(actions.getFirst());
        action.put("action_id", actionId);
        action.put("value", value);
        actions.set(0, action);
        payload.put("actions", actions);
        payload.put("trigger_id", nextTriggerId());
        payload.put("response_url", RESPONSE_URL);
        return formOf("payload", write(payload));
    }

    /** A slash command body, fields as Slack sends them. */
    public static String slashBody(String userId, String userName, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "legacy-fixed-value");
        fields.put("team_id", "T0001");
        fields.put("channel_id", CHANNEL);
        fields.put("user_id", userId);
        fields.put("user_name", userName);
        fields.put("command", "/klaxon");
        fields.put("text", text);
        fields.put("response_url", "https://hooks.slack.com/commands/1234/5678");
        fields.put("trigger_id", nextTriggerId());
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(formOf(k, v)));
        return body.toString();
    }

    /**
     * Slack gives every interaction its own trigger_id, so no two genuine requests are the same
     * bytes (an identical signed request is a replay and is refused).
     */
    private static String nextTriggerId() {
        return "13345224609.738474920." + TRIGGER_IDS.incrementAndGet();
    }

    public static String formOf(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public Map<String, String> signedHeaders(String body) {
        return signer.headers(body, NOW);
    }

    public Map<String, Object> read(String jsonText) {
        try {
            return new LinkedHashMap<>(json().readValue(jsonText, Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String write(Object value) {
        try {
            return json().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
