package io.klaxon.notify.coldstart;

import io.klaxon.domain.testing.ColdStart;
import io.klaxon.domain.testing.ColdStart.ProbeAlerts;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.notify.NotifyHandler;
import io.klaxon.notify.NotifyPriming;
import io.klaxon.slack.testing.SlackStubServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Cold start of {@link NotifyHandler}: the production bean graph with the alert store in memory,
 * the real Slack gateway against the Slack stub on 127.0.0.1, one "post" task as the state machine sends
 * it. Not a test: {@code bench/cold-start.sh} runs it.
 *
 * <p>With an argument {@code slack=URL} the stub is another process ({@link SlackStubProcess}, what the
 * script does: Slack is not in the function's JVM); without, the probe starts one in its own JVM during
 * init, which then also pays for the stub's HTTP server and answers (~50 ms more).
 */
public final class ColdStartProbe {

    private static final String SLACK_ARG = "slack=";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        ColdStart.measure("notify", args, primed -> {
            ProbeAlerts store = ProbeAlerts.inMemory().withOpenAlert();
            ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false).environments(ProbePorts.ENV)
                    .properties(Map.of("aws.region", "us-east-1", "slack.bot.token", "xoxb-cold-start",
                            "slack.api.url", slackUrl(args)))
                    .singletons(store.alerts(), store.clock()).start();
            NotifyHandler handler = new NotifyHandler(context);
            JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
            if (primed) {
                context.getBean(NotifyPriming.class).run();
            }
            return () -> {
                TaskRequest request = serializer.fromJson("{\"op\":\"post\",\"alertId\":\"a1\"}", TaskRequest.class);
                var out = new ByteArrayOutputStream();
                serializer.toJson(handler.handleRequest(request, null), out, TaskResult.class);
                return out.toString(StandardCharsets.UTF_8);
            };
        });
    }

    private static String slackUrl(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(SLACK_ARG)) {
                return arg.substring(SLACK_ARG.length());
            }
        }
        return SlackStubServer.start(null).url();
    }
}
