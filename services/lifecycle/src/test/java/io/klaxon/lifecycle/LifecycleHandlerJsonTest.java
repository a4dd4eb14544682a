package io.klaxon.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The Lambda runtime decodes the workflow's payload with the serializer registered in
 * META-INF/services: it must read the wire names (lower-case severity, ISO instants) as the ASL
 * sends them, and write the result the ASL's Choice states route on.
 */
class LifecycleHandlerJsonTest {

    private static final String OPEN = """
            {"op":"open","alertId":"9f1c2d3e-exec","signal":{"schemaVersion":"1",
             "alertKey":"arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example alarm name",
             "signalId":"m-1","status":"FIRING","severity":"high","title":"Example alarm name is ALARM",
             "summary":"Ping","sourceKind":"cloudwatch-alarm","account":"000000000000","region":"eu-west-1",
             "resources":[],"occurredAt":"2020-01-14T08:45:42.236Z","links":[],"labels":{}}}""";

    @Test
    void runtimeSerializer_shouldBeRegisteredForTheLambdaRuntime() {
        assertThat(ServiceLoader.load(com.amazonaws.services.lambda.runtime.CustomPojoSerializer.class))
                .anyMatch(s -> s instanceof JsonMapperCustomPojoSerializer);
    }

    @Test
    void taskRequest_shouldDecodeWireNames_whenSentByTheWorkflow() {
        var serializer = new JsonMapperCustomPojoSerializer();
        TaskRequest request = serializer.fromJson(new ByteArrayInputStream(OPEN.getBytes(StandardCharsets.UTF_8)),
                TaskRequest.class);
        assertThat(request.op()).isEqualTo(TaskOp.OPEN);
        assertThat(request.signal().severity()).isEqualTo(Severity.HIGH);
        assertThat(request.signal().status()).isEqualTo(SignalStatus.FIRING);
        assertThat(request.signal().occurredAt()).isEqualTo(Instant.parse("2020-01-14T08:45:42.236Z"));
    }

    @Test
    void taskResult_shouldEncodeWhatTheWorkflowRoutesOn() {
        var serializer = new JsonMapperCustomPojoSerializer();
        var out = new ByteArrayOutputStream();
        serializer.toJson(TaskResult.of(StepOutcome.OPENED, new AlertRef("a1", 1, AlertState.UNCLAIMED, 300, 3600, 0)),
                out, TaskResult.class);
        String json = out.toString(StandardCharsets.UTF_8);
        // null fields are written: Step Functions fails a `.$` path that points at a missing field
        assertThat(json).contains("\"event\":null").contains("\"change\":null").contains("\"outcome\":\"OPENED\"")
                .contains("\"state\":\"UNCLAIMED\"").contains("\"claimTimeoutSeconds\":300");
    }
}
