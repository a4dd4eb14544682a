package io.klaxon.lifecycle.coldstart;

import io.klaxon.domain.testing.ColdStart;
import io.klaxon.domain.testing.ColdStart.ProbeAlerts;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.lifecycle.LifecycleHandler;
import io.klaxon.lifecycle.LifecyclePriming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Cold start of {@link LifecycleHandler}: the production bean graph with the alert store in memory,
 * one "open" task (a new alert from a firing signal) as the state machine sends it; Step Functions is
 * not called on that path. Not a test: {@code bench/cold-start.sh} runs it.
 */
public final class ColdStartProbe {

    /**
     * The task as the state machine sends it: the fixtures' firing signal in an "open" task, as JSON text
     * (ColdStartInputTest checks it still reads as that task). Text, not written here by the serializer:
     * Lambda's runtime receives bytes, and writing the task would warm the function's serializer before its
     * first request and charge its cost to init.
     */
    static final String TASK = "/coldstart/open-task.json";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String input;
        try (InputStream in = ColdStartProbe.class.getResourceAsStream(TASK)) {
            input = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
            return () -> {
                TaskRequest request = serializer.fromJson(input, TaskRequest.class);
                var out = new ByteArrayOutputStream();
                serializer.toJson(handler.handleRequest(request, null), out, TaskResult.class);
                return out.toString(StandardCharsets.UTF_8);
            };
        });
    }
}
