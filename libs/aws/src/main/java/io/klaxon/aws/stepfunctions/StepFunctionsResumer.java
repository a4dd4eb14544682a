package io.klaxon.aws.stepfunctions;

import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowResumer;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Resumes a {@code .waitForTaskToken} state with {@code SendTaskSuccess}; the task's output is the
 * {@link WorkflowOutcome} as JSON.
 *
 * <p>A token that is no longer valid (the wait timed out, the execution ended, the token is
 * malformed) is an ordinary answer, {@code false}: the state was stored before and the workflow has
 * moved on by itself. Throttling and outages become {@link io.klaxon.domain.port.WorkflowUnavailableException}; any other
 * refusal an {@link IllegalStateException}. Neither message contains the token.
 */
public final class StepFunctionsResumer implements WorkflowResumer {

    /** Built on first use: a function that never calls Step Functions never loads the SDK's service metadata. */
    private final Supplier<SfnClient> sfn;
    private final ObjectMapper json;

    public StepFunctionsResumer(SfnClient sfn, ObjectMapper json) {
        this(() -> sfn, json);
    }

    /** @param sfn the client, asked for on the first call that needs it (e.g. a {@code BeanProvider}) */
    public StepFunctionsResumer(Supplier<SfnClient> sfn, ObjectMapper json) {
        this.sfn = sfn;
        this.json = json;
    }

    @Override
    public boolean resume(String taskToken, WorkflowOutcome outcome) {
        String output;
        try {
            output = json.writeValueAsString(outcome);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the outcome for alert " + outcome.alertId(), e);
        }
        try {
            sfn.get().sendTaskSuccess(b -> b.taskToken(taskToken).output(output));
            return true;
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException gone) {
            return false;
        } catch (SdkException e) {
            String what = "Step Functions did not resume the workflow of alert " + outcome.alertId() + " (v"
                    + outcome.version() + ", " + outcome.state() + "): " + withoutToken(e.getMessage(), taskToken);
            throw StepFunctionsFailures.of(what, e);
        }
    }


    /** Service messages may quote the request; the token is a credential of the execution. */
    private static String withoutToken(String message, String taskToken) {
        return message == null || taskToken == null || taskToken.isEmpty() ? message
                : message.replace(taskToken, "<task token>");
    }
}
