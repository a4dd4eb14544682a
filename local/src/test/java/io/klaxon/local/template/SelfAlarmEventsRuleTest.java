package io.klaxon.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.local.bus.LocalBus;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * sam/template.yaml's CloudWatchAlarmEventsRule on the local default bus (Event Ruler, as in
 * {@link SecurityFindingsRulesTest}): with {@code IngestCloudWatchAlarmEvents=true} every alarm state
 * change of the Region reaches ingest, except the stack's own alarms (named {@code <stack>/…}), which go
 * to the operations topic and must not come back through Klaxon to Slack.
 */
class SelfAlarmEventsRuleTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:klaxon-local/bot-Local1";

    private static LocalBus defaultBus() {
        Map<String, String> parameters = Map.of("SlackBotTokenSecretArn", SECRET, "SlackSigningSecretArn", SECRET + "2",
                "SlackChannel", "C0LOCAL", "IngestCloudWatchAlarmEvents", "true");
        LocalDeployment deployment = TemplateModel.load(TemplatePatternsTest.repositoryRoot().resolve("sam/template.yaml"))
                .deploy(parameters);
        return new LocalBus("default", deployment.defaultBusRules(), JSON, Clock.systemUTC(), Intrinsics.ACCOUNT,
                Intrinsics.REGION);
    }

    /** The real alarm state change event, for an alarm of this name. */
    @SuppressWarnings("unchecked")
    private static String alarmEvent(String alarmName) throws IOException {
        Map<String, Object> event;
        try (InputStream in = SelfAlarmEventsRuleTest.class.getResourceAsStream("/samples/cloudwatch-alarm-state-change-event.json")) {
            event = JSON.readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
        }
        ((Map<String, Object>) event.get("detail")).put("alarmName", alarmName);
        event.put("resources", List.of("arn:aws:cloudwatch:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT + ":alarm:" + alarmName));
        return new String(JSON.writeValueAsBytes(event));
    }

    private static boolean ingested(LocalBus bus, String alarmName) throws IOException {
        return bus.targetsFor(alarmEvent(alarmName)).contains("IngestFunction");
    }

    @Test
    void cloudWatchAlarmRule_shouldIngestEveryAlarmButTheStacksOwn_whenAlarmEventsAreTaken() throws Exception {
        // GIVEN the stack deployed with IngestCloudWatchAlarmEvents=true
        String stack = Intrinsics.STACK_NAME;
        try (LocalBus bus = defaultBus()) {
            // WHEN the state changes of a user's alarm, of this stack's own alarms, and of another stack's
            // (whose name this stack's name begins) are put on the default bus
            // THEN the user's and the other stack's reach ingest; this stack's own do not
            assertThat(ingested(bus, "ServerCpuTooHigh")).as("a user's alarm").isTrue();
            assertThat(ingested(bus, stack + "-orders-latency")).as("a user's alarm named like the stack").isTrue();
            assertThat(ingested(bus, stack + "-staging/WorkflowFailures")).as("another stack's self-alarm").isTrue();
            assertThat(ingested(bus, stack + "/WorkflowFailures")).as("own WorkflowFailures").isFalse();
            assertThat(ingested(bus, stack + "/SlackErrors")).as("own SlackErrors").isFalse();
            assertThat(ingested(bus, stack + "/NotifyFunctionErrors")).as("own NotifyFunctionErrors").isFalse();
        }
    }
}
