package io.klaxon.local.workflow;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The template's state machine as the functions reach it: its ARN, and the Node runner executing
 * it. The runner starts after the functions (it calls them back), hence the late binding.
 */
public final class LocalStateMachine {

    private final String arn;
    private final AtomicReference<NodeRunner> runner = new AtomicReference<>();

    public LocalStateMachine(String arn) {
        this.arn = arn;
    }

    public String arn() {
        return arn;
    }

    public void bind(NodeRunner nodeRunner) {
        runner.set(nodeRunner);
    }

    public NodeRunner runner() {
        NodeRunner r = runner.get();
        if (r == null) {
            throw new IllegalStateException("the state machine runner is not running");
        }
        return r;
    }
}
