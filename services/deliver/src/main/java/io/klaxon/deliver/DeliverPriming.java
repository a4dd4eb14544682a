package io.klaxon.deliver;

import io.klaxon.deliver.send.HttpSender;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.metrics.EmfMetrics;
import io.klaxon.snapstart.JsonPriming;
import io.klaxon.snapstart.LoopbackServer;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * SnapStart priming of the deliver function: a lifecycle event as EventBridge delivers it, decoded
 * and re-encoded (what the handler does with every event), and one read of the delivery ledger for
 * an event that never happened (the DynamoDB client's marshalling, signing and HTTP path), one metric
 * serialized (not written), and that event delivered to a PagerDuty and a signed webhook destination whose
 * receiver is a server on the loopback interface ({@link LoopbackServer}): the formats, the signing, the HTTP
 * sender's call path (and the JDK's default TLS context, set up here), and the answers' reading. It sends to no
 * configured destination, records nothing in the ledger and counts no metric.
 */
@Context
public class DeliverPriming extends JsonPriming {

    private static final byte[] EVENT = ("""
            {"version":"0","id":"%1$s","detail-type":"Alert Opened","source":"klaxon","account":"000000000000",
             "time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"schemaVersion":"1","alertKey":"%1$s","alertId":"%1$s","version":1,"state":"UNCLAIMED",
              "actor":{"kind":"SYSTEM","id":"klaxon","name":"Klaxon"},"at":"2026-01-01T00:00:00Z","route":"default",
              "escalationLevel":0,"page":false,"title":"priming","severity":"HIGH","sourceKind":"cloudwatch-alarm",
              "refireCount":0,"deliveryFailing":false,"links":[]}}""".formatted(PRIMING_ALERT_ID))
            .getBytes(StandardCharsets.UTF_8);

    /** What PagerDuty's Events API answers to an event it took (202), and a webhook receiver may too. */
    private static final String ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
            + PRIMING_ALERT_ID + "\"}";
    /** The longest the priming's deliveries may take, retries included, should the loopback exchange fail. */
    private static final Duration DELIVERIES_BUDGET = Duration.ofSeconds(5);

    private final HttpSender sender;
    private final DeliverService service;
    private final Clock clock;

    public DeliverPriming(JsonMapper json, DeliveryLedger ledger, HttpSender sender, DeliverService service,
                          Clock clock) {
        super("the deliver path", json, absentId -> ledger.delivered(absentId, "klaxon-snapstart-priming"));
        this.sender = sender;
        this.service = service;
        this.clock = clock;
    }

    @Override
    protected void primePath() throws Exception {
        LifecycleBusEvent event = reencode(EVENT, LifecycleBusEvent.class);
        // The TLS context and trust store the first HTTPS send would set up: the snapshot should hold them.
        sender.prepare();
        // The metrics library's first serialization (its Jackson mapper), without writing a metric line.
        EmfMetrics.prime();
        // The first page's path past the client's set-up (a restored function's first page 72 -> 18 ms,
        // docs/benchmarks.md). Every answer says Connection: close, so the client keeps no connection to the
        // receiver, which is gone after this.
        Notice notice = new Notice(LifecycleEventType.fromDetailType(event.detailType()), event.detail(), event.id(),
                new String(EVENT, StandardCharsets.UTF_8));
        Instant deadline = clock.instant().plus(DELIVERIES_BUDGET);
        try (LoopbackServer receiver = LoopbackServer.answering(202, "application/json", ACCEPTED)) {
            for (Destination destination : List.of(
                    primingDestination(DestinationType.PAGERDUTY, receiver.url() + "v2/enqueue", null, "R0PRIMING"),
                    primingDestination(DestinationType.WEBHOOK, receiver.url(), "klaxon-snapstart-priming", null))) {
                if (service.deliver(destination, notice, deadline) != DeliverService.Outcome.DELIVERED) {
                    throw new IllegalStateException(destination + " did not take the priming event");
                }
            }
        }
    }

    private static Destination primingDestination(DestinationType type, String url, @Nullable String secret,
                                                  @Nullable String routingKey) {
        return new Destination("klaxon-snapstart-priming-" + type.wire(), type, url, secret, routingKey, List.of(),
                Set.of(), Set.of(), null);
    }
}
