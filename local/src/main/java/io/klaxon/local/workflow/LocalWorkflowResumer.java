package io.klaxon.local.workflow;

import io.klaxon.domain.port.WorkflowOutcome;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SendTaskSuccess for the local runtime: hands the outcome to the Node runner. The runner starts
 * after the application context (it needs the context's handlers), hence the late binding.
 */
public final class LocalWorkflowResumer {

    private final AtomicReference<NodeRunner> runner = new AtomicReference<>();

    public void bind(NodeRunner nodeRunner) {
        runner.set(nodeRunner);
    }

    public boolean resume(String taskToken, WorkflowOutcome outcome) {
        NodeRunner r = runner.get();
        if (r == null) {
            throw new IllegalStateException("the state machine runner is not running");
        }
        return r.sendTaskSuccess(taskToken, outcome);
    }
}
