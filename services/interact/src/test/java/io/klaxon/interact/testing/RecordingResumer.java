package io.klaxon.interact.testing;

import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowResumer;
import java.util.ArrayList;
import java.util.List;

/** A workflow resumer that records what it was asked; it can play a wait that already ended or an outage. */
public class RecordingResumer implements WorkflowResumer {

    public record Call(String taskToken, WorkflowOutcome outcome) {
    }

    private final List<Call> calls = new ArrayList<>();
    private boolean accept = true;
    private RuntimeException failure;

    @Override
    public synchronized boolean resume(String taskToken, WorkflowOutcome outcome) {
        calls.add(new Call(taskToken, outcome));
        if (failure != null) {
            throw failure;
        }
        return accept;
    }

    /** From now on, answer as Step Functions does for a token whose wait already ended. */
    public synchronized void refuseTokens() {
        this.accept = false;
    }

    public synchronized void failWith(RuntimeException e) {
        this.failure = e;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }
}
