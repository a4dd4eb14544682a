package io.klaxon.lifecycle;

import io.klaxon.domain.port.WorkflowExecutions;
import io.klaxon.domain.port.WorkflowOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Step Functions' executions as a map: started ones run until a test ends them. */
final class FakeExecutions implements WorkflowExecutions {

    final Map<String, Execution> executions = new LinkedHashMap<>();
    final Map<String, Object> started = new LinkedHashMap<>();
    /** The wait of each repair started, in seconds, in order. */
    final List<Long> waits = new ArrayList<>();

    void running(String name) {
        executions.put(name, new Execution(name, Status.RUNNING, "{}"));
    }

    void ended(String name, Status status) {
        executions.put(name, new Execution(name, status, executions.containsKey(name) ? executions.get(name).input() : "{}"));
    }

    void ended(String name, Status status, String input) {
        executions.put(name, new Execution(name, status, input));
    }

    /** Ends the execution FAILED with the error its failing step gave (what DescribeExecution answers). */
    void failed(String name, String error) {
        String input = executions.containsKey(name) ? executions.get(name).input() : "{}";
        executions.put(name, new Execution(name, Status.FAILED, input, error));
    }

    @Override
    public Optional<Execution> describe(String executionName) {
        if (executionName.contains("#")) {
            // As Step Functions answers a name no execution can have (InvalidArn): callers must not ask.
            throw new IllegalArgumentException("Step Functions refuses the execution name " + executionName);
        }
        return Optional.ofNullable(executions.get(executionName));
    }

    @Override
    public boolean startAnnouncement(String executionName, WorkflowOutcome outcome) {
        return start(executionName, outcome);
    }

    @Override
    public boolean startRepair(String executionName, WorkflowOutcome outcome, Duration wait) {
        boolean started = start(executionName, outcome);
        if (started) {
            waits.add(wait.toSeconds());
        }
        return started;
    }

    @Override
    public boolean startWithInput(String executionName, String inputJson) {
        return start(executionName, inputJson);
    }

    private boolean start(String name, Object input) {
        if (executions.containsKey(name)) {
            return false;
        }
        executions.put(name, new Execution(name, Status.RUNNING, String.valueOf(input)));
        started.put(name, input);
        return true;
    }
}
