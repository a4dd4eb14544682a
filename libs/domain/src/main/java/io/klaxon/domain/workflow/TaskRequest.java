package io.klaxon.domain.workflow;

import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The payload every workflow task receives (the {@code Payload} of a {@code lambda:invoke} state in
 * {@code statemachines/alert-lifecycle.asl.json}). Which fields are set depends on {@code op}:
 * <ul>
 *   <li>{@link TaskOp#OPEN}: alertId (the execution name), signal</li>
 *   <li>{@link TaskOp#AWAIT}: alertId, taskToken, awaiting (UNCLAIMED, CLAIMED or SNOOZED)</li>
 *   <li>{@link TaskOp#WAKE}, {@link TaskOp#ESCALATE}: alertId, and expectedVersion (the alert version the
 *       timer was set for, {@code $.step.alert.version}: a retried step recognises the change it made
 *       already; absent in executions started before it was passed)</li>
 *   <li>{@link TaskOp#REMIND}: alertId</li>
 *   <li>{@link TaskOp#POST}, {@link TaskOp#ESCALATION}: alertId and the change the previous step produced</li>
 *   <li>{@link TaskOp#UPDATE}: alertId, and the change to tell (none: re-render only)</li>
 *   <li>{@link TaskOp#TELL}: alertId and the {@link Tell}</li>
 *   <li>{@link TaskOp#ADOPT}: alertId, and execution (the name of the execution asking)</li>
 *   <li>{@link TaskOp#FINISH}: alertId, and execution (the name of the execution about to end)</li>
 * </ul>
 */
@Serdeable
public record TaskRequest(
        TaskOp op,
        String alertId,
        @Nullable AlertSignal signal,
        @Nullable String taskToken,
        @Nullable AlertState awaiting,
        @Nullable Change change,
        @Nullable Tell tell,
        @Nullable String execution,
        @Nullable Long expectedVersion) {

    /** The constructor JSON decoding uses (a record with a second constructor must name it). */
    @Creator
    public TaskRequest {
    }

    /** A request without an expected version. */
    public TaskRequest(TaskOp op, String alertId, @Nullable AlertSignal signal, @Nullable String taskToken,
                       @Nullable AlertState awaiting, @Nullable Change change, @Nullable Tell tell,
                       @Nullable String execution) {
        this(op, alertId, signal, taskToken, awaiting, change, tell, execution, null);
    }

    /** A request of any op but {@link TaskOp#TELL} and {@link TaskOp#ADOPT}. */
    public TaskRequest(TaskOp op, String alertId, @Nullable AlertSignal signal, @Nullable String taskToken,
                       @Nullable AlertState awaiting, @Nullable Change change) {
        this(op, alertId, signal, taskToken, awaiting, change, null, null);
    }

    public static TaskRequest of(TaskOp op, String alertId) {
        return new TaskRequest(op, alertId, null, null, null, null);
    }

    /** A timer's step ({@link TaskOp#ESCALATE}, {@link TaskOp#WAKE}) for the alert version the timer was set for. */
    public static TaskRequest timer(TaskOp op, String alertId, long expectedVersion) {
        return new TaskRequest(op, alertId, null, null, null, null, null, null, expectedVersion);
    }

    public static TaskRequest telling(TaskOp op, String alertId, @Nullable Change change) {
        return new TaskRequest(op, alertId, null, null, null, change);
    }

    public static TaskRequest tell(Tell tell) {
        return new TaskRequest(TaskOp.TELL, tell.alertId(), null, null, null, null, tell, null);
    }

    public static TaskRequest adopting(String alertId, String execution) {
        return new TaskRequest(TaskOp.ADOPT, alertId, null, null, null, null, null, execution);
    }

    public static TaskRequest finishing(String alertId, String execution) {
        return new TaskRequest(TaskOp.FINISH, alertId, null, null, null, null, null, execution);
    }
}
