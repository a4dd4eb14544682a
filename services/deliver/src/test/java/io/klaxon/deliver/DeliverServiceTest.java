package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.klaxon.deliver.format.WebhookFormat;
import io.klaxon.deliver.send.Answers;
import io.klaxon.deliver.send.HttpSender;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each destination type against a receiver on 127.0.0.1 that checks what its vendor checks, with
 * the signature schemes verified by an independent implementation ({@link VendorSignatures}).
 */
class DeliverServiceTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Instant NOW = Instant.parse("2026-11-24T03:15:00Z");

    private final DestinationStub stub = new DestinationStub();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<String> mailed = new CopyOnWriteArrayList<>();
    private final DeliverService service = new DeliverService(
            new HttpSender(new Answers(JSON), Clock.fixed(NOW, ZoneOffset.UTC)),
            (destination, notice) -> mailed.add(destination.name() + ":" + notice.type()),
            Clock.fixed(NOW, ZoneOffset.UTC), pauses::add);

    @AfterEach
    void stop() {
        stub.close();
    }

    private static Destination destination(DestinationType type, String url, String secret) {
        return new Destination("d-" + type.wire(), type, url, secret, type == DestinationType.PAGERDUTY ? "R0UTINGKEY" : null,
                List.of(), Set.of(), Set.of(), null);
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSON.readValue(body.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagerDuty_shouldTriggerAcknowledgeAndResolveOneIncident_whenTheAlertOpensIsClaimedAndResolved() throws Exception {
        // GIVEN a PagerDuty destination pointed at the stub
        Destination pd = destination(DestinationType.PAGERDUTY, stub.url("/v2/enqueue"), null);

        // WHEN the alert is opened, claimed and resolved
        for (LifecycleEventType type : List.of(LifecycleEventType.OPENED, LifecycleEventType.CLAIMED,
                LifecycleEventType.RESOLVED)) {
            assertThat(service.deliver(pd, Events.notice(type))).isEqualTo(DeliverService.Outcome.DELIVERED);
        }

        // THEN PagerDuty hears trigger, acknowledge, resolve for one dedup_key
        List<Map<String, Object>> bodies = stub.received().stream().map(r -> {
            try {
                return json(r.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(bodies).extracting(b -> b.get("event_action")).containsExactly("trigger", "acknowledge", "resolve");
        assertThat(bodies).extracting(b -> b.get("dedup_key")).containsOnly("klaxon-" + Events.ALERT_ID);
        assertThat(bodies).extracting(b -> b.get("routing_key")).containsOnly("R0UTINGKEY");
        Map<String, Object> payload = (Map<String, Object>) bodies.getFirst().get("payload");
        assertThat(payload).containsEntry("summary", "db-cpu-high on prod-db-1").containsEntry("severity", "critical")
                .containsEntry("source", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:db-cpu-high")
                .containsEntry("component", "cloudwatch-alarm").containsEntry("group", "database");
        assertThat(bodies.getFirst().get("links").toString()).contains("CloudWatch alarm")
                .contains("https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/db-cpu-high");
        // acknowledge and resolve carry no payload (PagerDuty ignores one there)
        assertThat(bodies.get(1)).doesNotContainKey("payload");
    }

    @Test
    void dingTalk_shouldSignTheUrlAsDingTalkChecksIt_andSendMarkdown() throws Exception {
        // GIVEN a DingTalk robot with signing on, whose receiver checks signatures with its secret
        stub.judging(r -> accepts(() -> VendorSignatures.dingTalkAccepts(r.pathAndQuery(), "SECret-1")),
                "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        Destination ding = destination(DestinationType.DINGTALK, stub.url("/robot/send?access_token=T0KEN"), "SECret-1");

        // WHEN an alert opens
        var outcome = service.deliver(ding, Events.notice(LifecycleEventType.OPENED));

        // THEN it was accepted, with the timestamp in milliseconds and a markdown message
        assertThat(outcome).isEqualTo(DeliverService.Outcome.DELIVERED);
        var request = stub.received().getFirst();
        assertThat(request.pathAndQuery()).startsWith("/robot/send?access_token=T0KEN&timestamp=" + NOW.toEpochMilli() + "&sign=");
        Map<String, Object> body = json(request.body());
        assertThat(body).containsEntry("msgtype", "markdown");
        assertThat(body.get("markdown").toString()).contains("Alert opened").contains("db-cpu-high on prod-db-1")
                .contains("[CloudWatch alarm](https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/db-cpu-high)");
    }

    @Test
    void dingTalk_shouldBeRefusedOnceAndNotRetried_whenTheSecretIsWrong() {
        // GIVEN a receiver whose secret differs from the one configured
        stub.judging(r -> accepts(() -> VendorSignatures.dingTalkAccepts(r.pathAndQuery(), "the-real-secret")),
                "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        Destination ding = destination(DestinationType.DINGTALK, stub.url("/robot/send?access_token=T0KEN"), "a-wrong-secret");

        // WHEN an alert opens
        var outcome = service.deliver(ding, Events.notice(LifecycleEventType.OPENED));

        // THEN DingTalk's refusal (HTTP 200 with errcode 310000) is read as final: one request, no retry
        assertThat(outcome).isEqualTo(DeliverService.Outcome.REFUSED);
        assertThat(stub.received()).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void feishu_shouldPutTimestampAndSignInTheBody_andSendAnInteractiveCard() throws Exception {
        // GIVEN a Feishu bot with signature checking, in Chinese
        stub.judging(r -> accepts(() -> {
            Map<String, Object> body = json(r.body());
            return VendorSignatures.feishuAccepts((String) body.get("timestamp"), (String) body.get("sign"), "fs-secret");
        }), "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}");
        Destination feishu = new Destination("ops-feishu", DestinationType.FEISHU, stub.url("/open-apis/bot/v2/hook/abc"),
                "fs-secret", null, List.of(), Set.of(), Set.of(), "zh-CN");

        // WHEN an alert is claimed
        var outcome = service.deliver(feishu, Events.notice(LifecycleEventType.CLAIMED));

        // THEN the card was accepted, with seconds as its timestamp and the claim mirrored in Chinese
        assertThat(outcome).isEqualTo(DeliverService.Outcome.DELIVERED);
        Map<String, Object> body = json(stub.received().getFirst().body());
        assertThat(body).containsEntry("timestamp", Long.toString(NOW.getEpochSecond())).containsEntry("msg_type", "interactive");
        Map<String, Object> card = (Map<String, Object>) body.get("card");
        assertThat(((Map<String, Object>) ((Map<String, Object>) card.get("header")).get("title")).get("content"))
                .isEqualTo("告警已认领");
        assertThat(card.get("elements").toString()).contains("认领人").contains("alice").contains("认领耗时").contains("2m 5s");
    }

    @Test
    void feishu_shouldBeRefused_whenTheSecretIsWrong() {
        stub.judging(r -> accepts(() -> {
            Map<String, Object> body = json(r.body());
            return VendorSignatures.feishuAccepts((String) body.get("timestamp"), (String) body.get("sign"), "fs-secret");
        }), "{\"code\":19021,\"msg\":\"sign match fail\"}");
        Destination feishu = destination(DestinationType.FEISHU, stub.url("/hook"), "not-fs-secret");

        assertThat(service.deliver(feishu, Events.notice(LifecycleEventType.OPENED))).isEqualTo(DeliverService.Outcome.REFUSED);
        assertThat(stub.received()).hasSize(1);
    }

    @Test
    void weCom_shouldStayWithin4096Bytes_whenTheTitleIsLongChineseText() throws Exception {
        // GIVEN an alarm whose title is 3,000 Chinese characters (9,000 bytes of UTF-8)
        Destination wecom = new Destination("ops-wecom", DestinationType.WECOM, stub.url("/cgi-bin/webhook/send?key=K"),
                null, null, List.of(), Set.of(), Set.of(), "zh-CN");
        Notice notice = Events.notice(LifecycleEventType.OPENED, "数据库".repeat(1000), "database");

        // WHEN it is delivered
        assertThat(service.deliver(wecom, notice)).isEqualTo(DeliverService.Outcome.DELIVERED);

        // THEN the markdown content is cut to WeCom's limit, on a character boundary
        Map<String, Object> body = json(stub.received().getFirst().body());
        assertThat(body).containsEntry("msgtype", "markdown");
        String content = (String) ((Map<?, ?>) body.get("markdown")).get("content");
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat(content).startsWith("### 告警触发").endsWith("…");
    }

    @Test
    void webhook_shouldSendTheBusEventSigned_soAReceiverCanVerifyIt() throws Exception {
        Destination hook = destination(DestinationType.WEBHOOK, stub.url("/klaxon"), "wh-secret");
        Notice notice = Events.notice(LifecycleEventType.RESOLVED);

        assertThat(service.deliver(hook, notice)).isEqualTo(DeliverService.Outcome.DELIVERED);

        var request = stub.received().getFirst();
        assertThat(request.body()).isEqualTo(notice.raw());
        assertThat(request.header("X-Klaxon-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.header("X-Klaxon-Delivery")).isEqualTo(WebhookFormat.deliveryId(notice));
        assertThat(VendorSignatures.webhookAccepts(request.header("X-Klaxon-Timestamp"),
                request.header("X-Klaxon-Signature"), request.body(), "wh-secret")).isTrue();
        assertThat(VendorSignatures.webhookAccepts(request.header("X-Klaxon-Timestamp"),
                request.header("X-Klaxon-Signature"), request.body(), "another-secret")).isFalse();
    }

    @Test
    void webhook_shouldCarryOneDeliveryId_whenOneChangeArrivesUnderTwoEventIds() throws Exception {
        // GIVEN one change put on the bus twice (a PutEvents repeated after its answer was lost): two event ids
        Destination hook = destination(DestinationType.WEBHOOK, stub.url("/klaxon"), "wh-secret");
        Notice first = Events.notice(LifecycleEventType.CLAIMED);
        Notice again = new Notice(first.type(), first.event(), "ev-repeated-by-putevents", first.raw());
        Notice nextChange = Events.notice(LifecycleEventType.RESOLVED);

        // WHEN each reaches the webhook
        for (Notice notice : List.of(first, again, nextChange)) {
            assertThat(service.deliver(hook, notice)).isEqualTo(DeliverService.Outcome.DELIVERED);
        }

        // THEN a receiver dropping repeats by X-Klaxon-Delivery keeps the change once, and the next change too
        List<String> ids = stub.received().stream().map(r -> r.header("X-Klaxon-Delivery")).toList();
        assertThat(ids).hasSize(3);
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
        assertThat(ids).allMatch(id -> id.matches("[0-9a-f]{32}"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void teams_shouldPostAnAdaptiveCard_throughAWorkflowsWebhook() throws Exception {
        Destination teams = destination(DestinationType.TEAMS, stub.url("/workflows/abc/triggers/manual/paths/invoke"), null);

        assertThat(service.deliver(teams, Events.notice(LifecycleEventType.RESOLVED))).isEqualTo(DeliverService.Outcome.DELIVERED);

        Map<String, Object> body = json(stub.received().getFirst().body());
        assertThat(body).containsEntry("type", "message");
        Map<String, Object> attachment = ((List<Map<String, Object>>) body.get("attachments")).getFirst();
        assertThat(attachment).containsEntry("contentType", "application/vnd.microsoft.card.adaptive");
        Map<String, Object> card = (Map<String, Object>) attachment.get("content");
        assertThat(card).containsEntry("type", "AdaptiveCard").containsEntry("version", "1.4");
        assertThat(card.get("body").toString()).contains("Alert resolved").contains("Resolved by").contains("alice")
                .contains("Time to resolve").contains("1h 2m");
    }

    @Test
    void delivery_shouldWaitWhatRetryAfterSaysAndSucceed_whenTheDestinationAnswers429Then200() {
        // GIVEN a receiver that is rate-limiting for one second
        stub.answerNext(429, "{\"status\":\"throttle event\"}", Map.of("Retry-After", "1"));
        Destination pd = destination(DestinationType.PAGERDUTY, stub.url("/v2/enqueue"), null);

        // WHEN an alert opens
        var outcome = service.deliver(pd, Events.notice(LifecycleEventType.OPENED));

        // THEN the second attempt, after the second Retry-After asked for, delivers it
        assertThat(outcome).isEqualTo(DeliverService.Outcome.DELIVERED);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(stub.received()).hasSize(2);
    }

    @Test
    void delivery_shouldFailAtOnceWithoutWaiting_whenRetryAfterReachesPastTheInvocationsDeadline() {
        // GIVEN a receiver asking for 15 s (a wait honoured in process) while the invocation has 5 s left
        stub.answerNext(429, "{\"status\":\"throttle event\"}", Map.of("Retry-After", "15"));
        Destination pd = destination(DestinationType.PAGERDUTY, stub.url("/v2/enqueue"), null);

        // WHEN an alert opens
        var failure = catchThrowableOfType(DeliveryFailedException.class,
                () -> service.deliver(pd, Events.notice(LifecycleEventType.OPENED), NOW.plusSeconds(5)));

        // THEN it does not sleep into Lambda's timeout: it fails now, for the platform's retry, saying why
        assertThat(pauses).isEmpty();
        assertThat(stub.received()).hasSize(1);
        assertThat(failure.getMessage()).contains("d-pagerduty").contains("past this invocation's deadline");
    }

    @Test
    void delivery_shouldSendNothing_whenLessThanAnAttemptIsLeftBeforeTheDeadline() {
        // GIVEN a healthy receiver and an invocation with half a second left
        Destination hook = destination(DestinationType.WEBHOOK, stub.url("/hook"), "wh-secret");

        // WHEN an alert opens
        var failure = catchThrowableOfType(DeliveryFailedException.class,
                () -> service.deliver(hook, Events.notice(LifecycleEventType.OPENED), NOW.plusMillis(500)));

        // THEN no request goes out whose answer could not be waited for (the receiver might take it unrecorded)
        assertThat(stub.received()).isEmpty();
        assertThat(failure.getMessage()).contains("no time left in this invocation");
    }

    @Test
    void email_shouldSendNothing_whenLessThanAnAttemptIsLeftBeforeTheDeadline() {
        // GIVEN an email destination and an invocation with half a second left
        Destination mail = new Destination("oncall-mail", DestinationType.EMAIL, null, null, null,
                List.of("oncall@example.com"), Set.of(), Set.of(), null);

        // WHEN an alert opens
        var failure = catchThrowableOfType(DeliveryFailedException.class,
                () -> service.deliver(mail, Events.notice(LifecycleEventType.OPENED), NOW.plusMillis(500)));

        // THEN no mail is started that the invocation could not see through (it would be reported failed once
        // cut off, and sent again by the retry)
        assertThat(mailed).isEmpty();
        assertThat(failure.getMessage()).contains("oncall-mail").contains("no time left in this invocation");
    }

    @Test
    void delivery_shouldHandOverToThePlatformsRetries_whenTheDestinationKeepsFailing_withoutShowingSecrets() {
        // GIVEN a webhook that answers 503 every time, whose URL carries a token
        for (int i = 0; i < DeliverService.ATTEMPTS; i++) {
            stub.answerNext(503, "", Map.of());
        }
        Destination hook = destination(DestinationType.WEBHOOK, stub.url("/hook?token=S3CRET-TOKEN"), "wh-secret");

        // WHEN an alert opens
        var failure = catchThrowableOfType(DeliveryFailedException.class,
                () -> service.deliver(hook, Events.notice(LifecycleEventType.OPENED)));

        // THEN it tried ATTEMPTS times with growing pauses, then failed for Lambda's retries and DLQ
        assertThat(stub.received()).hasSize(DeliverService.ATTEMPTS);
        assertThat(pauses).hasSize(DeliverService.ATTEMPTS - 1).isSorted();
        assertThat(failure.getMessage()).contains("d-webhook").contains("HTTP 503")
                .doesNotContain("S3CRET-TOKEN").doesNotContain("wh-secret");
    }

    @Test
    void delivery_shouldSendNothing_whenTheDestinationDoesNotHearTheRouteOrEvent() {
        Destination onlyDb = new Destination("pd-db", DestinationType.PAGERDUTY, stub.url("/v2/enqueue"), null, "K",
                List.of(), Set.of("database"), Set.of(), null);

        assertThat(service.deliver(onlyDb, Events.notice(LifecycleEventType.OPENED, "x", "default")))
                .isEqualTo(DeliverService.Outcome.SKIPPED);
        assertThat(service.deliver(onlyDb, Events.notice(LifecycleEventType.SNOOZED)))
                .as("PagerDuty does not hear snoozes by default").isEqualTo(DeliverService.Outcome.SKIPPED);
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void destination_shouldNeverShowItsUrlOrSecret_whenLogged() {
        Destination ding = destination(DestinationType.DINGTALK, "https://oapi.dingtalk.com/robot/send?access_token=T0P", "S3C");
        assertThat(ding.toString()).isEqualTo("Destination[d-dingtalk (dingtalk)]");
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static boolean accepts(Check check) {
        try {
            return check.test();
        } catch (Exception unreadable) {
            return false;
        }
    }
}
