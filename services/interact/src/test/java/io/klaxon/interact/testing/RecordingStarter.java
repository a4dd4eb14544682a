package io.klaxon.interact.testing;

import io.klaxon.domain.port.Announcements;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.workflow.Tell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Announcement and tell executions as Step Functions keeps them: by name, so starting the same one
 * twice runs it once. Can play an outage (for both).
 */
public class RecordingStarter implements WorkflowStarter {

    private final Map<String, WorkflowOutcome> started = new LinkedHashMap<>();
    private final Map<String, Tell> told = new LinkedHashMap<>();
    private int tellAttempts;
    private int attempts;
    private RuntimeException failure;

    @Override
    public synchronized void announce(WorkflowOutcome outcome) {
        attempts++;
        if (failure != null) {
            throw failure;
        }
        started.putIfAbsent(Announcements.executionName(outcome), outcome);
    }

    @Override
    public synchronized void tell(Tell tell, long version) {
        tellAttempts++;
        if (failure != null) {
            throw failure;
        }
        told.putIfAbsent(Announcements.tellName(tell.alertId(), version, tell.userId()), tell);
    }

    /** The notes tell executions said, once per name (person and alert version). */
    public synchronized List<Tell> tells() {
        return List.copyOf(told.values());
    }

    public synchronized List<String> tellNames() {
        return new ArrayList<>(told.keySet());
    }

    public synchronized int tellAttempts() {
        return tellAttempts;
    }

    public synchronized void failWith(RuntimeException e) {
        this.failure = e;
    }

    /** The announcement executions that ran: changes to tell and bare refreshes, once per name. */
    public synchronized List<WorkflowOutcome> executions() {
        return List.copyOf(started.values());
    }

    /** Executions that tell a change (thread reply, event). */
    public synchronized List<WorkflowOutcome> announcements() {
        return started.values().stream().filter(o -> o.change() != null).toList();
    }

    /** Executions that only re-render the message (after a losing click). */
    public synchronized List<WorkflowOutcome> refreshes() {
        return started.values().stream().filter(o -> o.change() == null).toList();
    }

    public synchronized int attempts() {
        return attempts;
    }

    public synchronized List<String> names() {
        return new ArrayList<>(started.keySet());
    }
}
