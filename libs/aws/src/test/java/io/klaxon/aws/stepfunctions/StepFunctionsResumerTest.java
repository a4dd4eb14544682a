package io.klaxon.aws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.aws.testing.AwsJsonStub;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowUnavailableException;
import io.klaxon.domain.workflow.Change;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.SfnClient;

/** SendTaskSuccess against a stub speaking the AWS JSON protocol on 127.0.0.1. */
class StepFunctionsResumerTest {

    private static final String SEND_TASK_SUCCESS = "AWSStepFunctions.SendTaskSuccess";
    private static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAR-token-for-the-test";
    private static ObjectMapper json;

    private final WorkflowOutcome claimed = new WorkflowOutcome("a1", 2, AlertState.CLAIMED,
            new Change(new TimelineEntry(Instant.parse("2026-01-05T10:02:00Z"), 2, TimelineKind.CLAIMED,
                    Actor.slack("UALICE", "alice"), "Claimed by alice"), LifecycleEventType.CLAIMED));
    private AwsJsonStub stub;
    private SfnClient client;
    private StepFunctionsResumer resumer;

    @BeforeAll
    static void serde() {
        json = ObjectMapper.getDefault();
    }

    @BeforeEach
    void startStub() {
        stub = AwsJsonStub.start(json);
        client = stub.configure(SfnClient.builder()).build();
        resumer = new StepFunctionsResumer(client, json);
    }

    @AfterEach
    void stopStub() {
        client.close();
        stub.close();
    }

    @Test
    void resume_shouldSendTheOutcomeAsTaskOutput_whenTheTokenIsValid() throws Exception {
        // GIVEN
        stub.replyJson(SEND_TASK_SUCCESS, Map.of());

        // WHEN
        boolean resumed = resumer.resume(TOKEN, claimed);

        // THEN
        assertThat(resumed).isTrue();
        var call = stub.calls(SEND_TASK_SUCCESS).getFirst();
        assertThat(call.json()).containsEntry("taskToken", TOKEN);
        Map<String, Object> output = json.readValue((String) call.json().get("output"),
                Argument.mapOf(String.class, Object.class));
        assertThat(output).containsEntry("alertId", "a1").containsEntry("state", "CLAIMED");
        Map<?, ?> change = (Map<?, ?>) output.get("change");
        assertThat(change.get("event")).isEqualTo("CLAIMED");
        assertThat(((Map<?, ?>) change.get("entry")).get("kind")).isEqualTo("CLAIMED");
        assertThat(((Map<?, ?>) change.get("entry")).get("actor"))
                .isEqualTo(Map.of("kind", "slack", "id", "UALICE", "name", "alice"));
        assertThat(((Number) output.get("version")).longValue()).isEqualTo(2);
        assertThat(json.readValue((String) call.json().get("output"), WorkflowOutcome.class)).isEqualTo(claimed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TaskTimedOut", "InvalidToken", "TaskDoesNotExist"})
    void resume_shouldReturnFalse_whenTheWaitHasAlreadyEnded(String errorType) {
        // GIVEN
        stub.replyError(SEND_TASK_SUCCESS, 400, "com.amazonaws.swf.service.v2.model#" + errorType, "Task ended");

        // WHEN
        boolean resumed = resumer.resume(TOKEN, claimed);

        // THEN
        assertThat(resumed).isFalse();
        assertThat(stub.calls(SEND_TASK_SUCCESS)).hasSize(1);
    }

    @Test
    void resume_shouldThrowWorkflowUnavailableWithoutTheToken_whenThrottled() {
        // GIVEN
        stub.replyError(SEND_TASK_SUCCESS, 400, "ThrottlingException", "Rate exceeded for " + TOKEN);

        // WHEN / THEN
        assertThatThrownBy(() -> resumer.resume(TOKEN, claimed))
                .isInstanceOf(WorkflowUnavailableException.class)
                .hasMessageContaining("alert a1")
                .hasMessageContaining("Rate exceeded")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void resume_shouldThrowWorkflowUnavailable_whenStepFunctionsIsUnreachable() {
        // GIVEN
        try (var unreachable = AwsJsonStub.pointedAt(SfnClient.builder(), AwsJsonStub.closedEndpoint()).build()) {
            var broken = new StepFunctionsResumer(unreachable, json);

            // WHEN / THEN
            assertThatThrownBy(() -> broken.resume(TOKEN, claimed))
                    .isInstanceOf(WorkflowUnavailableException.class)
                    .hasMessageContaining("alert a1");
        }
    }

    @Test
    void resume_shouldThrowIllegalState_whenStepFunctionsRefusesTheCall() {
        // GIVEN
        stub.replyError(SEND_TASK_SUCCESS, 400, "AccessDeniedException", "not allowed");

        // WHEN / THEN
        assertThatThrownBy(() -> resumer.resume(TOKEN, claimed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not allowed");
    }
}
