package io.klaxon.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A "Step Functions Execution Status Change" event as EventBridge delivers it from the default bus
 * (source {@code aws.states}). Only what the reconciler reads is decoded; {@code input} and
 * {@code output} are left out on purpose (they may be absent or truncated, the reconciler asks
 * DescribeExecution when it needs an input).
 */
@Serdeable
public record ExecutionStatusChange(
        @Nullable String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        @Nullable List<String> resources,
        Detail detail) {

    public static final String SOURCE = "aws.states";
    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";

    /** @param status RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE */
    @Serdeable
    public record Detail(String executionArn, String stateMachineArn, String name, String status,
                         @Nullable Long startDate, @Nullable Long stopDate) {
    }
}
