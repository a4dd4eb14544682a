package io.klaxon.local.aws;

import io.klaxon.local.iam.Role;
import io.klaxon.local.workflow.LocalStateMachine;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Step Functions for one function: the calls go to the Node runner executing the template's state
 * machine, each checked against the function's role first ({@code states:SendTaskSuccess} on the
 * state machine, as SAM's StepFunctionsCallbackPolicy grants it; {@code states:StartExecution} on
 * the state machine; {@code states:DescribeExecution} on the execution). Refusals and answers are the SDK's own exceptions, so production's adapters
 * ({@code StepFunctionsResumer} …) run on top unchanged.
 */
public final class LocalStepFunctions implements SfnClient {

    private final Role role;
    private final LocalStateMachine stateMachine;
    private final JsonMapper json;

    public LocalStepFunctions(Role role, LocalStateMachine stateMachine, JsonMapper json) {
        this.role = role;
        this.stateMachine = stateMachine;
        this.json = json;
    }

    @Override
    public SendTaskSuccessResponse sendTaskSuccess(SendTaskSuccessRequest request) {
        role.require("states:SendTaskSuccess", stateMachine.arn(), LocalStepFunctions::denied);
        if (!stateMachine.runner().sendTaskSuccess(request.taskToken(), parse(request.output()))) {
            throw TaskTimedOutException.builder().statusCode(400)
                    .message("Task Timed Out: 'Provided task does not exist anymore'").build();
        }
        return SendTaskSuccessResponse.builder().build();
    }

    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
        role.require("states:StartExecution", request.stateMachineArn(), LocalStepFunctions::denied);
        if (!stateMachine.arn().equals(request.stateMachineArn())) {
            throw StateMachineDoesNotExistException.builder().statusCode(400)
                    .message("State Machine Does Not Exist: '" + request.stateMachineArn() + "'").build();
        }
        String name = request.name() == null ? UUID.randomUUID().toString() : request.name();
        if (!stateMachine.runner().startExecutionIfNew(name, parse(request.input() == null ? "{}" : request.input()))) {
            throw ExecutionAlreadyExistsException.builder().statusCode(400)
                    .message("Execution Already Exists: '" + name + "'").build();
        }
        String execution = stateMachine.arn().replace(":stateMachine:", ":execution:") + ":" + name;
        return StartExecutionResponse.builder().executionArn(execution).startDate(Instant.now()).build();
    }

    @Override
    public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
        String arn = request.executionArn();
        role.require("states:DescribeExecution", arn, LocalStepFunctions::denied);
        String prefix = stateMachine.arn().replace(":stateMachine:", ":execution:") + ":";
        if (arn == null || !arn.startsWith(prefix)) {
            throw ExecutionDoesNotExistException.builder().statusCode(400)
                    .message("Execution Does Not Exist: '" + arn + "'").build();
        }
        String name = arn.substring(prefix.length());
        String view = stateMachine.runner().describe(name).orElseThrow(() -> ExecutionDoesNotExistException.builder()
                .statusCode(400).message("Execution Does Not Exist: '" + arn + "'").build());
        Map<String, Object> execution;
        try {
            execution = json.readValue(view, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("the runner described " + name + " unreadably: " + e.getMessage(), e);
        }
        return DescribeExecutionResponse.builder().executionArn(arn).stateMachineArn(stateMachine.arn()).name(name)
                .status(String.valueOf(execution.get("status")))
                .input(execution.get("input") == null ? null : String.valueOf(execution.get("input")))
                .error(execution.get("error") == null ? null : String.valueOf(execution.get("error")))
                .cause(execution.get("cause") == null ? null : String.valueOf(execution.get("cause")))
                .startDate(Instant.parse(String.valueOf(execution.get("startDate"))))
                .build();
    }

    private Object parse(String output) {
        try {
            return json.readValue(output, Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw InvalidOutputException.builder().statusCode(400).message("Invalid JSON: " + e.getMessage()).build();
        }
    }

    private static RuntimeException denied(String message) {
        return AccessDenied.as(SfnException.builder(), "Sfn", 400, message);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing held: the runner belongs to the runtime
    }
}
