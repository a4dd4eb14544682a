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
     * not know, a path or input the ASL cannot read) or a task refused its input as a defect. Only
     * these count towards giving up on an alert. A dependency Klaxon is not allowed to use or cannot
     * find (IAM, KMS, a table, a secret, a Slack token or channel) is not a defect of the execution:
     * an SRE fixes it, and meanwhile the alert and its pages stay.
     */
    UNFIXABLE,

    /**
     * Anything else: a dependency was unavailable (Slack down or pacing Klaxon, the store throttled,
     * Step Functions or Lambda failing, a step timing out) or misconfigured (access denied, not found,
     * no token, Slack refusing the app), the execution was stopped or timed out, or an error the
     * reconciler does not know. Repeating later can succeed, so the alert stays open and is repaired
     * again, with a backoff.
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
            // A task refused its request (an op it does not have, a field missing, an alert that does not
            // exist) or met a value it cannot handle: a defect, not an outage.
            "java.lang.IllegalArgumentException", "java.lang.NullPointerException",
            "java.util.NoSuchElementException", "java.lang.UnsupportedOperationException",
            "java.lang.ClassCastException");

    /**
     * Errors that look like defects by their type but mean a misconfigured dependency, named so that
     * nobody moves them to {@link #UNFIXABLE_ERRORS}; {@link #of} answers {@link #OUTAGE} for them as
     * for any error not listed there.
     * <ul>
     *   <li>{@code java.lang.IllegalStateException}: what DynamoAlertStore throws for every rejection
     *       that is no throttle (AccessDenied from an IAM or KMS mistake, ResourceNotFound, a cancelled
     *       transaction), StepFunctionsFailures for Step Functions' (AccessDenied), SecretResolver for a
     *       secret it cannot read, ConfigLocation for an invalid configuration;</li>
     *   <li>{@code io.klaxon.slack.SlackNotConfiguredException}: no bot token (a deployment error);</li>
     *   <li>{@code io.klaxon.slack.SlackRejectedException} and, after notify's days of retries,
     *       {@code io.klaxon.notify.SlackDeliveryFailingException}: Slack refusing the token, the
     *       channel or a scope (invite the app, fix the channel or the token).</li>
     * </ul>
     */
    static final Set<String> MISCONFIGURATION_ERRORS = Set.of(
            "java.lang.IllegalStateException", "io.klaxon.slack.SlackNotConfiguredException",
            "io.klaxon.slack.SlackRejectedException", "io.klaxon.notify.SlackDeliveryFailingException");

    static ExecutionFailure of(String status, @Nullable String error) {
        if (!"FAILED".equals(status) || error == null || MISCONFIGURATION_ERRORS.contains(error)) {
            return OUTAGE;
        }
        return UNFIXABLE_ERRORS.contains(error) ? UNFIXABLE : OUTAGE;
    }
}
