package io.klaxon.domain.port;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.Optional;

/**
 * The alert lifecycle state machine's executions by name (Step Functions DescribeExecution and
 * StartExecution, or the local runtime's equivalent): what adoption and the reconciler need to know
 * whether an alert still has a live workflow, and to give it a new one (ADR 0010).
 */
public interface WorkflowExecutions {

    /** Step Functions' execution statuses. */
    enum Status {
        RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE;

        /** Whether the execution still runs (or will run again: a redrive is pending). */
        public boolean live() {
            return this == RUNNING || this == PENDING_REDRIVE;
        }
    }

    /**
     * @param input the execution's input as JSON text, null when Step Functions did not include it
     * @param error the error an execution that FAILED (or was stopped) ended with, as the failing
     *              step gave it (e.g. {@code io.klaxon.slack.SlackUnavailableException},
     *              {@code States.Timeout}); null when it has none
     */
    record Execution(String name, Status status, @Nullable String input, @Nullable String error) {

        /** An execution whose error is not known (running, succeeded, or not asked for). */
        public Execution(String name, Status status, @Nullable String input) {
            this(name, status, input, null);
        }
    }

    /**
     * @return empty when no execution of that name exists (never started, or its history expired)
     * @throws WorkflowUnavailableException when Step Functions could not be asked
     */
    Optional<Execution> describe(String executionName);

    /** Whether the named execution is live; an unknown execution is not. */
    default boolean isLive(String executionName) {
        return describe(executionName).map(e -> e.status().live()).orElse(false);
    }

    /**
     * Starts an announcement execution ({@code {"announce": outcome}}) under a name of the caller's
     * choosing: a repair, which tells the outcome and then adopts the alert.
     *
     * @return false when an execution of that name already exists (started before: nothing to do)
     */
    boolean startAnnouncement(String executionName, WorkflowOutcome outcome);

    /**
     * Starts a repair: an announcement ({@link #startAnnouncement}) that first waits {@code wait}
     * inside the execution (input {@code {"announce": outcome, "repairWaitSeconds": n}}), so that
     * repairs during a long outage back off without anything outside the workflow keeping time.
     *
     * @return false when an execution of that name already exists
     */
    default boolean startRepair(String executionName, WorkflowOutcome outcome, Duration wait) {
        if (!wait.isZero()) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start a repair that waits");
        }
        return startAnnouncement(executionName, outcome);
    }

    /**
     * Starts an execution with an input taken verbatim from an earlier execution (an open that failed
     * before its alert was stored, started again).
     *
     * @return false when an execution of that name already exists
     */
    boolean startWithInput(String executionName, String inputJson);
}
