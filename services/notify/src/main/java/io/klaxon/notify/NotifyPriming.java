package io.klaxon.notify;

import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.util.json.GsonFactory;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.metrics.EmfMetrics;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.render.SlackMessage;
import io.klaxon.slack.web.LeanMethodsClient;
import io.klaxon.snapstart.JsonPriming;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the notify function: the state machine's task JSON both ways, one metric
 * serialized (not written), one alert message rendered and encoded as the Slack SDK encodes a post, one
 * Slack answer parsed as the SDK parses it, and one read of an absent alert (the DynamoDB client's
 * marshalling, signing and HTTP path). Writes nothing and never calls Slack (a call would post or need a
 * real channel).
 */
@Context
public class NotifyPriming extends JsonPriming {

    /** What Slack answers to a post, in the shape the SDK parses. */
    private static final String POSTED = """
            {"ok":true,"channel":"C0PRIMING","ts":"1700000000.000001","message":{"type":"message",
             "text":"priming","ts":"1700000000.000001"}}""";

    private final AlertMessageRenderer renderer;

    public NotifyPriming(JsonMapper json, AlertService alerts, AlertMessageRenderer renderer) {
        super("the notify path", json, alerts.store()::get);
        this.renderer = renderer;
    }

    @Override
    protected void primePath() throws Exception {
        roundTrip(TaskRequest.of(TaskOp.POST, PRIMING_ALERT_ID));
        encode(TaskResult.of(StepOutcome.UNCHANGED, new AlertRef(PRIMING_ALERT_ID, 0, AlertState.UNCLAIMED, 1, 1, 0)));
        // The metrics library's first serialization (its Jackson mapper), without writing a metric line.
        EmfMetrics.prime();
        // A post's rendering, and its form encoding as the gateway's client does it (the SDK's Gson over the Block
        // Kit model) and the SDK's parsing of an answer (its Message model, which lookups of earlier posts read):
        // what the first post pays for otherwise; nothing is sent.
        SlackMessage message = renderer.render(primingAlert());
        LeanMethodsClient.form(ChatPostMessageRequest.builder()
                .channel("C0PRIMING")
                .text(message.text())
                .blocks(message.blocks())
                .attachments(message.attachments())
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build()).build();
        GsonFactory.createSnakeCase().fromJson(POSTED, ChatPostMessageResponse.class);
    }

    private static Alert primingAlert() {
        Instant at = Instant.EPOCH;
        AlertSignal signal = new AlertSignal(BusContract.SCHEMA_VERSION, PRIMING_ALERT_ID, PRIMING_ALERT_ID,
                SignalStatus.FIRING, Severity.HIGH, "priming", "priming", "cloudwatch-alarm", "000000000000",
                "us-east-1", List.of(), at, List.of(), Map.of());
        EscalationPolicy policy = new EscalationPolicy("default", "C0PRIMING", 300, 3600,
                List.of(new EscalationPolicy.Level(List.of("U0PRIMING"), false)), true);
        return Alert.open(PRIMING_ALERT_ID, signal, policy, at);
    }
}
