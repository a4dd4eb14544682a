package io.klaxon.aws.stepfunctions;

import io.klaxon.domain.port.WorkflowExecutions;
import io.klaxon.domain.port.WorkflowOutcome;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The alert lifecycle state machine's executions by name, with {@code DescribeExecution} and
 * {@code StartExecution}. An execution's ARN is the state machine's with {@code :execution:} for
 * {@code :stateMachine:} and {@code :<name>} appended.
 */
public final class StepFunctionsExecutions implements WorkflowExecutions {

    /** Built on first use: a function that never calls Step Functions never loads the SDK's service metadata. */
    private final Supplier<SfnClient> sfn;
    private final String stateMachineArn;
    private final ObjectMapper json;

    public StepFunctionsExecutions(SfnClient sfn, String stateMachineArn, ObjectMapper json) {
        this(() -> sfn, stateMachineArn, json);
    }

    /** @param sfn the client, asked for on the first call that needs it (e.g. a {@code BeanProvider}) */
    public StepFunctionsExecutions(Supplier<SfnClient> sfn, String stateMachineArn, ObjectMapper json) {
        if (stateMachineArn == null || stateMachineArn.isBlank() || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalStateException("KLAXON_STATE_MACHINE_ARN is not a state machine ARN ('" + stateMachineArn
                    + "'): this function looks up and starts executions of the alert lifecycle state machine");
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.json = json;
    }

    /** The ARN of the execution {@code name} of this state machine. */
    public String executionArn(String name) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    @Override
    public Optional<Execution> describe(String executionName) {
        DescribeExecutionResponse r;
        try {
            r = sfn.get().describeExecution(b -> b.executionArn(executionArn(executionName)));
        } catch (ExecutionDoesNotExistException unknown) {
            return Optional.empty();
        } catch (SdkException e) {
            throw StepFunctionsFailures.of("Step Functions did not describe execution " + executionName + ": "
                    + e.getMessage(), e);
        }
        return Optional.of(new Execution(executionName, status(r.status()), r.input(), r.error()));
    }

    private static Status status(ExecutionStatus status) {
        if (status == null || status == ExecutionStatus.UNKNOWN_TO_SDK_VERSION) {
            // A status this SDK does not know is treated as live: never take over what may still run.
            return Status.RUNNING;
        }
        return Status.valueOf(status.name());
    }

    @Override
    public boolean startAnnouncement(String executionName, WorkflowOutcome outcome) {
        String input;
        try {
            input = json.writeValueAsString(new StepFunctionsStarter.AnnouncementInput(outcome));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the announcement for alert " + outcome.alertId(), e);
        }
        return startWithInput(executionName, input);
    }

    /**
     * The input of a repair that waits before it announces; the ASL's first Choice sends an
     * announcement with {@code repairWaitSeconds} through the {@code RepairBackoff} Wait state.
     */
    @Serdeable
    public record RepairInput(WorkflowOutcome announce, long repairWaitSeconds) {
    }

    @Override
    public boolean startRepair(String executionName, WorkflowOutcome outcome, Duration wait) {
        if (wait.isZero()) {
            return startAnnouncement(executionName, outcome);
        }
        String input;
        try {
            input = json.writeValueAsString(new RepairInput(outcome, wait.toSeconds()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the repair of alert " + outcome.alertId(), e);
        }
        return startWithInput(executionName, input);
    }

    @Override
    public boolean startWithInput(String executionName, String inputJson) {
        try {
            sfn.get().startExecution(b -> b.stateMachineArn(stateMachineArn).name(executionName).input(inputJson));
            return true;
        } catch (ExecutionAlreadyExistsException started) {
            return false;
        } catch (SdkException e) {
            throw StepFunctionsFailures.of("Step Functions did not start execution " + executionName + ": "
                    + e.getMessage(), e);
        }
    }
}
