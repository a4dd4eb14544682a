package io.klaxon.aws.stepfunctions;

import io.klaxon.domain.port.WorkflowUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a failed Step Functions call reaches the caller: throttling, 5xx and client-side failures
 * (after the SDK's own retries) as the retryable {@link WorkflowUnavailableException}, any other
 * refusal as an {@link IllegalStateException}.
 */
final class StepFunctionsFailures {

    private StepFunctionsFailures() {
    }

    static RuntimeException of(String what, SdkException e) {
        return isTransient(e) ? new WorkflowUnavailableException(what, e) : new IllegalStateException(what, e);
    }

    private static boolean isTransient(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e.retryable();
    }
}
