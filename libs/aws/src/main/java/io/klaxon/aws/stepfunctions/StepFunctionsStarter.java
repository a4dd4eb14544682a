package io.klaxon.aws.stepfunctions;

import io.klaxon.domain.port.Announcements;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.workflow.Tell;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts an announcement execution of the alert lifecycle state machine with
 * {@code StartExecution}: input {@code {"announce": WorkflowOutcome}}, name from
 * {@link Announcements#executionName}; or a tell execution: input {@code {"tell": Tell}}, name from
 * {@link Announcements#tellName}.
 *
 * <p>A Standard workflow's StartExecution is idempotent for a running execution with the same name
 * and input, and answers {@code ExecutionAlreadyExists} once it has closed (or for another input
 * under that name): either way this announcement was started before, which is what was asked.
 */
public final class StepFunctionsStarter implements WorkflowStarter {

    /** Built on first use: a function that never calls Step Functions never loads the SDK's service metadata. */
    private final Supplier<SfnClient> sfn;
    private final String stateMachineArn;
    private final ObjectMapper json;

    public StepFunctionsStarter(SfnClient sfn, String stateMachineArn, ObjectMapper json) {
        this(() -> sfn, stateMachineArn, json);
    }

    /** @param sfn the client, asked for on the first call that needs it (e.g. a {@code BeanProvider}) */
    public StepFunctionsStarter(Supplier<SfnClient> sfn, String stateMachineArn, ObjectMapper json) {
        if (stateMachineArn == null || stateMachineArn.isBlank()) {
            throw new IllegalStateException("KLAXON_STATE_MACHINE_ARN is not set: this function hands changes to the "
                    + "alert lifecycle state machine and needs its ARN");
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.json = json;
    }

    /** The input of an announcement execution; the ASL's first Choice looks for {@code announce}. */
    @Serdeable
    public record AnnouncementInput(WorkflowOutcome announce) {
    }

    /** The input of a tell execution; the ASL's first Choice looks for {@code tell}. */
    @Serdeable
    public record TellInput(Tell tell) {
    }

    @Override
    public void announce(WorkflowOutcome outcome) {
        String input;
        try {
            input = json.writeValueAsString(new AnnouncementInput(outcome));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the announcement for alert " + outcome.alertId(), e);
        }
        start(Announcements.executionName(outcome), input, "announcement");
    }

    @Override
    public void tell(Tell tell, long version) {
        String input;
        try {
            input = json.writeValueAsString(new TellInput(tell));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the note for alert " + tell.alertId(), e);
        }
        String name = Announcements.tellName(tell.alertId(), version, tell.userId());
        start(name, input, "note");
    }

    private void start(String name, String input, String what) {
        try {
            sfn.get().startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input));
        } catch (ExecutionAlreadyExistsException started) {
            // Started before (a retried writer, a second click by the same person on the same version).
        } catch (SdkException e) {
            // The message names the execution, never the input (a note's input holds its response_url).
            throw StepFunctionsFailures.of("Step Functions did not start " + what + " " + name + ": " + e.getMessage(), e);
        }
    }
}
