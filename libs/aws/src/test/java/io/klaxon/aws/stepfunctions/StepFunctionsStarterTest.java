package io.klaxon.aws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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
import io.klaxon.domain.workflow.Tell;
import io.micronaut.serde.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/** StartExecution of announcements against a stub speaking the AWS JSON protocol on 127.0.0.1. */
class StepFunctionsStarterTest {

    private static final String START_EXECUTION = "AWSStepFunctions.StartExecution";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:klaxon-alert-lifecycle";
    private static final ObjectMapper JSON = ObjectMapper.getDefault();

    private final WorkflowOutcome claimed = new WorkflowOutcome("a1", 2, AlertState.CLAIMED,
            new Change(new TimelineEntry(Instant.parse("2026-01-05T10:02:00Z"), 2, TimelineKind.CLAIMED,
                    Actor.slack("UALICE", "alice"), "Claimed by alice"), LifecycleEventType.CLAIMED));
    private AwsJsonStub stub;
    private SfnClient client;
    private StepFunctionsStarter starter;

    @BeforeEach
    void startStub() {
        stub = AwsJsonStub.start(JSON);
        client = stub.configure(SfnClient.builder()).build();
        starter = new StepFunctionsStarter(client, ARN, JSON);
    }

    @AfterEach
    void stopStub() {
        client.close();
        stub.close();
    }

    @Test
    void announce_shouldStartANamedExecutionWithTheOutcomeUnderAnnounce() throws Exception {
        // GIVEN
        stub.replyJson(START_EXECUTION, Map.of("executionArn", ARN + ":x", "startDate", 1.7e9));

        // WHEN
        starter.announce(claimed);

        // THEN the name is per alert version, and the input is what the ASL's Start choice looks for
        var call = stub.calls(START_EXECUTION).getFirst();
        assertThat(call.json()).containsEntry("stateMachineArn", ARN).containsEntry("name", "announce-v2-a1");
        var input = JSON.readValue((String) call.json().get("input"), StepFunctionsStarter.AnnouncementInput.class);
        assertThat(input.announce()).isEqualTo(claimed);
    }

    @Test
    void announce_shouldSucceed_whenTheAnnouncementWasStartedBefore() {
        // GIVEN an execution of that name exists (closed, or started by a retried writer)
        stub.replyError(START_EXECUTION, 400, "ExecutionAlreadyExists", "Execution Already Exists: 'announce-v2-a1'");

        // WHEN / THEN
        assertThatCode(() -> starter.announce(claimed)).doesNotThrowAnyException();
        assertThat(stub.calls(START_EXECUTION)).hasSize(1);
    }

    @Test
    void announce_shouldThrowWorkflowUnavailable_whenThrottled() {
        // GIVEN
        stub.replyError(START_EXECUTION, 400, "ThrottlingException", "Rate exceeded");

        // WHEN / THEN
        assertThatThrownBy(() -> starter.announce(claimed))
                .isInstanceOf(WorkflowUnavailableException.class)
                .hasMessageContaining("announce-v2-a1");
    }

    @Test
    void tell_shouldStartAnExecutionNamedPerPersonAndVersionWithTheNoteUnderTell() throws Exception {
        // GIVEN
        stub.replyJson(START_EXECUTION, Map.of("executionArn", ARN + ":t", "startDate", 1.7e9));
        Tell note = new Tell("a1", "https://hooks.slack.com/actions/T0/1/abc", "UBOB", "C0", "Already claimed by alice.");

        // WHEN
        starter.tell(note, 3);

        // THEN
        var call = stub.calls(START_EXECUTION).getFirst();
        assertThat(call.json()).containsEntry("stateMachineArn", ARN).containsEntry("name", "tell-v3-a1-UBOB");
        var input = JSON.readValue((String) call.json().get("input"), StepFunctionsStarter.TellInput.class);
        assertThat(input.tell()).isEqualTo(note);
    }

    @Test
    void tell_shouldSucceed_whenThatPersonWasToldAboutThisVersionBefore() {
        // GIVEN
        stub.replyError(START_EXECUTION, 400, "ExecutionAlreadyExists", "Execution Already Exists: 'tell-v3-a1-UBOB'");

        // WHEN / THEN
        assertThatCode(() -> starter.tell(new Tell("a1", null, "UBOB", "C0", "x"), 3)).doesNotThrowAnyException();
    }

    @Test
    void tell_shouldThrowWorkflowUnavailableWithoutTheResponseUrl_whenThrottled() {
        // GIVEN
        stub.replyError(START_EXECUTION, 400, "ThrottlingException", "Rate exceeded");

        // WHEN / THEN
        assertThatThrownBy(() -> starter.tell(new Tell("a1", "https://hooks.slack.com/actions/secret", "UBOB", "C0",
                "x"), 3))
                .isInstanceOf(WorkflowUnavailableException.class)
                .hasMessageContaining("tell-v3-a1-UBOB")
                .hasMessageNotContaining("hooks.slack.com");
    }

    @Test
    void starter_shouldNameTheMissingVariable_whenTheStateMachineArnIsNotSet() {
        assertThatThrownBy(() -> new StepFunctionsStarter(client, "", JSON))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KLAXON_STATE_MACHINE_ARN");
    }
}
