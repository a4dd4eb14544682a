package io.klaxon.escalate.coldstart;

import io.klaxon.domain.testing.ColdStart;
import io.klaxon.domain.testing.ColdStart.ProbeAlerts;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.escalate.EscalateHandler;
import io.klaxon.escalate.EscalatePriming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Cold start of {@link EscalateHandler}: the production bean graph with the alert store in memory,
 * one "escalate" task as the state machine sends it. Not a test: {@code bench/cold-start.sh} runs it.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        ColdStart.measure("escalate", args, primed -> {
            ProbeAlerts store = ProbeAlerts.inMemory().withOpenAlert();
            ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                    .properties(Map.of("aws.region", "us-east-1")).singletons(store.alerts(), store.clock()).start();
            EscalateHandler handler = new EscalateHandler(context);
            JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
            if (primed) {
                context.getBean(EscalatePriming.class).run();
            }
            return () -> {
                TaskRequest request = serializer.fromJson("{\"op\":\"escalate\",\"alertId\":\"a1\"}", TaskRequest.class);
                var out = new ByteArrayOutputStream();
                serializer.toJson(handler.handleRequest(request, null), out, TaskResult.class);
                return out.toString(StandardCharsets.UTF_8);
            };
        });
    }
}
