package io.klaxon.lifecycle;

import io.micronaut.core.annotation.Nullable;
import java.util.Set;

/**
 * Why an alert's execution ended badly, as far as the reconciler must know (ADR 0010, "Outages"):
 * whether starting the same work again would fail the same way. Told from the status and the error
 * the failing step gave (the ASL's {@code StepFailed} state fails the execution with that step's own
 * error, which {@code DescribeExecution} returns).
 */
enum ExecutionFailure {

    /**
     * Repeating fails the same way: the execution itself is broken (a state or outcome the ASL does
     * not know, a path or input the ASL cannot read), a task refused its input as a defect, or Slack
     * refused what Klaxon sends for a reason only a person can fix (after notify's own days of
     * retries). Only these count towards giving up on an alert.
     */
    UNFIXABLE,

    /**
     * Anything else: a dependency was unavailable (Slack down or pacing Klaxon, the store throttled,
     * Step Functions or Lambda failing, a step timing out), the execution was stopped or timed out, or
     * an error the reconciler does not know. Repeating later can succeed, so the alert stays open and
     * is repaired again, with a backoff.
     */
    OUTAGE;

    /**
     * The errors of {@link #UNFIXABLE}. An error not listed is taken for an outage: a wrong guess
     * there costs one repair execution per backoff period, the other way round a wrong guess closes
     * an alert whose problem may be going on.
     */
    private static final Set<String> UNFIXABLE_ERRORS = Set.of(
            // The ASL's own Fail states: the task contract or the domain model and the ASL are out of step.
            "Klaxon.UnexpectedOutcome", "Klaxon.UnexpectedState",
            // Step Functions could not evaluate the execution's paths or input: the same input fails again.
            "States.Runtime", "States.DataLimitExceeded", "States.ResultPathMatchFailure",
            "States.ParameterPathFailure", "States.IntrinsicFailure", "States.QueryEvaluationError",
            // A task refused its request or met a state it cannot handle: a defect, not an outage.
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.lang.NullPointerException", "java.util.NoSuchElementException",
            "java.lang.UnsupportedOperationException", "java.lang.ClassCastException",
            // Slack rejected the request (a render it refuses, a revoked token, a missing channel) for longer
            // than notify's Retry of days: someone has to change something.
            "io.klaxon.notify.SlackDeliveryFailingException", "io.klaxon.slack.SlackRejectedException");

    static ExecutionFailure of(String status, @Nullable String error) {
        return "FAILED".equals(status) && error != null && UNFIXABLE_ERRORS.contains(error) ? UNFIXABLE : OUTAGE;
    }
}
