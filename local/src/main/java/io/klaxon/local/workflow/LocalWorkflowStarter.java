package io.klaxon.local.workflow;

import io.klaxon.domain.port.Announcements;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowStarter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * StartExecution of an announcement for the local runtime: the same name and input the Step
 * Functions adapter sends, to the Node runner, which answers an existing name the way Step
 * Functions does (the same running execution, or ExecutionAlreadyExists: started before).
 */
public final class LocalWorkflowStarter implements WorkflowStarter {

    private final AtomicReference<NodeRunner> runner = new AtomicReference<>();

    public void bind(NodeRunner nodeRunner) {
        runner.set(nodeRunner);
    }

    @Override
    public void announce(WorkflowOutcome outcome) {
        NodeRunner r = runner.get();
        if (r == null) {
            throw new IllegalStateException("the state machine runner is not running");
        }
        r.startExecutionOnce(Announcements.executionName(outcome), Map.of("announce", outcome));
    }
}
