package io.klaxon.lifecycle.coldstart;

import io.klaxon.domain.testing.ColdStart;
import io.klaxon.domain.testing.ColdStart.ProbeAlerts;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.lifecycle.LifecycleHandler;
import io.klaxon.lifecycle.LifecyclePriming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Cold start of {@link LifecycleHandler}: the production bean graph with the alert store in memory,
 * one "open" task (a new alert from a firing signal) as the state machine sends it; Step Functions is
 * not called on that path. Not a test: {@code bench/cold-start.sh} runs it.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        ColdStart.measure("lifecycle", args, primed -> {
            ProbeAlerts store = ProbeAlerts.inMemory();
            ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                    .properties(Map.of("aws.region", "us-east-1",
                            "klaxon.state.machine.arn", "arn:aws:states:us-east-1:000000000000:stateMachine:klaxon-alert-lifecycle")).singletons(store.alerts(), store.clock()).start();
            LifecycleHandler handler = new LifecycleHandler(context);
            JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
            if (primed) {
                context.getBean(LifecyclePriming.class).run();
            }
            var in = new ByteArrayOutputStream();
            serializer.toJson(new TaskRequest(TaskOp.OPEN, "a1", Fixtures.firing("signal-a1", Fixtures.T0), null, null, null),
                    in, TaskRequest.class);
            String input = in.toString(StandardCharsets.UTF_8);
            return () -> {
                TaskRequest request = serializer.fromJson(input, TaskRequest.class);
                var out = new ByteArrayOutputStream();
                serializer.toJson(handler.handleRequest(request, null), out, TaskResult.class);
                return out.toString(StandardCharsets.UTF_8);
            };
        });
    }
}
