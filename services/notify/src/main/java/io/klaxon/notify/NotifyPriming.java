package io.klaxon.notify;

import com.slack.api.Slack;
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
import io.klaxon.snapstart.LoopbackServer;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the notify function: the state machine's task JSON both ways, one metric
 * serialized (not written), one alert message rendered and posted through the function's Slack HTTP client to a
 * server on the loopback interface answering as Slack does ({@link LoopbackServer}), one Slack answer parsed as the
 * SDK parses it, and one read of an absent alert (the DynamoDB client's marshalling, signing and HTTP path).
 * Writes nothing and never calls Slack (a call would post or need a real channel).
 */
@Context
public class NotifyPriming extends JsonPriming {

    /** What Slack answers to a post, in the shape the SDK parses. */
    private static final String POSTED = """
            {"ok":true,"channel":"C0PRIMING","ts":"1700000000.000001","message":{"type":"message",
             "text":"priming","ts":"1700000000.000001"}}""";

    private final AlertMessageRenderer renderer;
    private final BeanProvider<Slack> slack;

    /** @param slack the SDK whose HTTP client the gateway posts with (asked for only when priming runs) */
    public NotifyPriming(JsonMapper json, AlertService alerts, AlertMessageRenderer renderer, BeanProvider<Slack> slack) {
        super("the notify path", json, alerts.store()::get);
        this.renderer = renderer;
        this.slack = slack;
    }

    @Override
    protected void primePath() throws Exception {
        roundTrip(TaskRequest.of(TaskOp.POST, PRIMING_ALERT_ID));
        encode(TaskResult.of(StepOutcome.UNCHANGED, new AlertRef(PRIMING_ALERT_ID, 0, AlertState.UNCLAIMED, 1, 1, 0)));
        // The metrics library's first serialization (its Jackson mapper), without writing a metric line.
        EmfMetrics.prime();
        // The SDK's parsing of a whole answer (its Message model, which lookups of earlier posts read).
        GsonFactory.createSnakeCase().fromJson(POSTED, ChatPostMessageResponse.class);
        // A post's rendering, its form encoding as the gateway's client does it (the SDK's Gson over the Block Kit
        // model), the HTTP client's call and the answer's parsing, against a loopback server, not Slack: what the
        // first post pays for otherwise (primed first request 62 → 35 ms, docs/benchmarks.md).
        SlackMessage message = renderer.render(primingAlert());
        ChatPostMessageRequest post = ChatPostMessageRequest.builder()
                .channel("C0PRIMING")
                .text(message.text())
                .blocks(message.blocks())
                .attachments(message.attachments())
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build();
        try (LoopbackServer slackApi = LoopbackServer.answering(200, "application/json; charset=utf-8", POSTED)) {
            new LeanMethodsClient(slack.get().getHttpClient(), "xoxb-priming", slackApi.url() + "api/").chatPostMessage(post);
        }
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
