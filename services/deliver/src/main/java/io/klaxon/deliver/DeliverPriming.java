package io.klaxon.deliver;

import io.klaxon.deliver.send.HttpSender;
import io.klaxon.metrics.EmfMetrics;
import io.klaxon.snapstart.JsonPriming;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart priming of the deliver function: a lifecycle event as EventBridge delivers it, decoded
 * and re-encoded (what the handler does with every event), and one read of the delivery ledger for
 * an event that never happened (the DynamoDB client's marshalling, signing and HTTP path), one metric
 * serialized (not written), and the HTTP sender's client built. It sends to no destination and records nothing.
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

    private final HttpSender sender;

    public DeliverPriming(JsonMapper json, DeliveryLedger ledger, HttpSender sender) {
        super("the deliver path", json, absentId -> ledger.delivered(absentId, "klaxon-snapstart-priming"));
        this.sender = sender;
    }

    @Override
    protected void primePath() throws Exception {
        reencode(EVENT, LifecycleBusEvent.class);
        // Built on the first send otherwise; the snapshot should hold it, TLS set-up included.
        sender.prepare();
        // The metrics library's first serialization (its Jackson mapper), without writing a metric line.
        EmfMetrics.prime();
    }
}
