package io.klaxon.aws.events;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.aws.testing.AwsJsonStub;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.port.EventPublisher.PublishException;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusEvent;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** PutEvents against a stub speaking the AWS JSON protocol on 127.0.0.1. */
class EventBridgePublisherTest {

    private static final String PUT_EVENTS = "AWSEvents.PutEvents";
    private static ObjectMapper json;

    private AwsJsonStub stub;
    private EventBridgeClient client;
    private EventBridgePublisher publisher;

    @BeforeAll
    static void serde() {
        json = ObjectMapper.getDefault();
    }

    @BeforeEach
    void startStub() {
        stub = AwsJsonStub.start(json);
        client = stub.configure(EventBridgeClient.builder()).build();
        publisher = new EventBridgePublisher(client, "klaxon-test", json, 3, Duration.ofMillis(1));
    }

    @AfterEach
    void stopStub() {
        client.close();
        stub.close();
    }

    @Test
    void publish_shouldPutSourceDetailTypeAndJsonDetailOnTheBus_whenEventsAreValid() throws Exception {
        // GIVEN
        stub.replyJson(PUT_EVENTS, accepted(2));
        AlertSignal signal = firing("s1", T0);
        Alert alert = Alert.open("a1", signal, policy(), T0);

        // WHEN
        publisher.publish(List.of(BusEvent.of(signal),
                LifecycleEvent.of(alert, Actor.SYSTEM, T0).onBus(LifecycleEventType.OPENED)));

        // THEN
        List<Map<String, Object>> entries = entries(stub.calls(PUT_EVENTS).getFirst());
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).containsEntry("EventBusName", "klaxon-test")
                .containsEntry("Source", "klaxon")
                .containsEntry("DetailType", "Alert Fired");
        Map<String, Object> detail = json.readValue((String) entries.get(0).get("Detail"),
                Argument.mapOf(String.class, Object.class));
        assertThat(detail).containsEntry("alertKey", signal.alertKey())
                .containsEntry("signalId", "s1")
                .containsEntry("status", "FIRING")
                .containsEntry("severity", "high")
                .containsEntry("occurredAt", "2026-11-21T03:00:00Z");
        assertThat(json.readValue((String) entries.get(0).get("Detail"), AlertSignal.class)).isEqualTo(signal);
        assertThat(entries.get(1)).containsEntry("DetailType", "Alert Opened");
        assertThat(json.readValue((String) entries.get(1).get("Detail"), LifecycleEvent.class).alertId())
                .isEqualTo("a1");
    }

    @Test
    void publish_shouldSendBatchesOfAtMostTen_whenThereAre25Events() {
        // GIVEN
        stub.replyJson(PUT_EVENTS, accepted(10)).replyJson(PUT_EVENTS, accepted(10)).replyJson(PUT_EVENTS, accepted(5));
        List<BusEvent<AlertSignal>> events = IntStream.range(0, 25)
                .mapToObj(i -> BusEvent.of(firing("s" + i, T0.plusSeconds(i)))).toList();

        // WHEN
        publisher.publish(events);

        // THEN
        assertThat(stub.calls(PUT_EVENTS)).extracting(call -> entries(call).size()).containsExactly(10, 10, 5);
    }

    @Test
    void publish_shouldKeepEveryCallUnder256KB_whenEventsAreLarge() {
        // GIVEN three events of about 100 KB each
        stub.replyJson(PUT_EVENTS, accepted(2)).replyJson(PUT_EVENTS, accepted(1));
        List<BusEvent<AlertSignal>> events = IntStream.range(0, 3)
                .mapToObj(i -> BusEvent.of(withSummary(firing("s" + i, T0), "x".repeat(100_000)))).toList();

        // WHEN
        publisher.publish(events);

        // THEN
        var calls = stub.calls(PUT_EVENTS);
        assertThat(calls).extracting(call -> entries(call).size()).containsExactly(2, 1);
        assertThat(calls).allSatisfy(call -> assertThat(entryBytes(call)).isLessThanOrEqualTo(256 * 1024));
    }

    @Test
    void publish_shouldResendOnlyTheFailedEntries_whenPutEventsFailsPartially() {
        // GIVEN the second of three entries is throttled once
        stub.reply(PUT_EVENTS, """
                {"FailedEntryCount":1,"Entries":[
                  {"EventId":"e-1"},
                  {"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"},
                  {"EventId":"e-3"}]}""");
        stub.replyJson(PUT_EVENTS, accepted(1));

        // WHEN
        publisher.publish(List.of(BusEvent.of(firing("s1", T0)), BusEvent.of(firing("s2", T0)),
                BusEvent.of(firing("s3", T0))));

        // THEN
        var calls = stub.calls(PUT_EVENTS);
        assertThat(calls).hasSize(2);
        assertThat(entries(calls.get(1))).singleElement()
                .satisfies(entry -> assertThat((String) entry.get("Detail")).contains("\"signalId\":\"s2\""));
    }

    @Test
    void publish_shouldNameTheEventThatFailed_whenItKeepsFailing() {
        // GIVEN the only entry fails on every attempt
        String failed = """
                {"FailedEntryCount":1,"Entries":[{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}""";
        stub.reply(PUT_EVENTS, failed).reply(PUT_EVENTS, failed).reply(PUT_EVENTS, failed);
        Alert alert = Alert.open("a7", firing("s1", T0), policy(), T0);

        // WHEN / THEN
        assertThatThrownBy(() -> publisher.publish(
                List.of(LifecycleEvent.of(alert, Actor.SYSTEM, T0).onBus(LifecycleEventType.OPENED))))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("klaxon-test")
                .hasMessageContaining("'Alert Opened' alert a7 v1")
                .hasMessageContaining("InternalFailure: try again")
                .hasMessageContaining("after 3 attempts");
        assertThat(stub.calls(PUT_EVENTS)).hasSize(3);
    }

    @Test
    void publish_shouldSendNothing_whenAnEventCanNeverFit() {
        // GIVEN
        var small = BusEvent.of(firing("s1", T0));
        var huge = BusEvent.of(withSummary(firing("s2", T0), "x".repeat(300_000)));

        // WHEN / THEN
        assertThatThrownBy(() -> publisher.publish(List.of(small, huge)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("nothing was published")
                .hasMessageContaining("#1 'Alert Fired' signal s2");
        assertThat(stub.calls()).isEmpty();
    }

    @Test
    void publish_shouldThrowNamingEveryUnsentEvent_whenTheBusIsUnreachable() {
        // GIVEN
        try (var unreachable = AwsJsonStub.pointedAt(EventBridgeClient.builder(), AwsJsonStub.closedEndpoint()).build()) {
            var broken = new EventBridgePublisher(unreachable, "klaxon-test", json, 3, Duration.ofMillis(1));

            // WHEN / THEN
            assertThatThrownBy(() -> broken.publish(List.of(BusEvent.of(firing("s1", T0)))))
                    .isInstanceOf(PublishException.class)
                    .hasMessageContaining("unavailable")
                    .hasMessageContaining("signal s1");
        }
    }

    @Test
    void publish_shouldCallNothing_whenThereAreNoEvents() {
        // WHEN
        publisher.publish(List.of());

        // THEN
        assertThat(stub.calls()).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Map<String, Object> accepted(int count) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(Map.of("EventId", "e-" + i));
        }
        return Map.of("FailedEntryCount", 0, "Entries", entries);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(AwsJsonStub.Call call) {
        return (List<Map<String, Object>>) call.json().get("Entries");
    }

    /** The entry size as AWS counts it: source, detail-type and detail in UTF-8. */
    private static int entryBytes(AwsJsonStub.Call call) {
        return entries(call).stream().mapToInt(e -> utf8(e.get("Source")) + utf8(e.get("DetailType"))
                + utf8(e.get("Detail"))).sum();
    }

    private static int utf8(Object value) {
        return ((String) value).getBytes(StandardCharsets.UTF_8).length;
    }

    private static AlertSignal withSummary(AlertSignal s, String summary) {
        return new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(), s.severity(), s.title(),
                summary, s.sourceKind(), s.account(), s.region(), s.resources(), s.occurredAt(), s.links(), s.labels());
    }
}
