package io.klaxon.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionFailureTest {

    @ParameterizedTest
    @ValueSource(strings = {
            // DynamoAlertStore's non-transient rejections (AccessDenied from an IAM or KMS mistake,
            // ResourceNotFound, a cancel that is no throttle) and Step Functions' (StepFunctionsFailures),
            // a secret that cannot be read, an invalid configuration: all reach Step Functions under this name
            "java.lang.IllegalStateException",
            // no bot token: a deployment error
            "io.klaxon.slack.SlackNotConfiguredException",
            // Slack refusing the token, the channel or a scope: someone fixes the app, the alert must outlive it
            "io.klaxon.slack.SlackRejectedException", "io.klaxon.notify.SlackDeliveryFailingException",
            "io.klaxon.slack.SlackUnavailableException", "io.klaxon.domain.port.StoreUnavailableException",
            "Lambda.TooManyRequestsException", "States.Timeout", "Some.ErrorNobodyKnows"})
    void of_shouldBeAnOutage_whenADependencyIsUnavailableOrMisconfigured(String error) {
        // GIVEN an execution that FAILED with an error a dependency or its configuration caused
        // WHEN it is classified
        var failure = ExecutionFailure.of("FAILED", error);
        // THEN repeating later can succeed once someone fixed the dependency: it never counts towards closing
        assertThat(failure).isEqualTo(ExecutionFailure.OUTAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Klaxon.UnexpectedOutcome", "Klaxon.UnexpectedState", "States.Runtime",
            "States.ResultPathMatchFailure", "java.lang.IllegalArgumentException", "java.lang.NullPointerException",
            "java.util.NoSuchElementException"})
    void of_shouldBeUnfixable_whenTheExecutionItselfIsBroken(String error) {
        // GIVEN an execution that FAILED on a defect of its own WHEN it is classified
        var failure = ExecutionFailure.of("FAILED", error);
        // THEN the same execution would fail the same way
        assertThat(failure).isEqualTo(ExecutionFailure.UNFIXABLE);
    }
}
