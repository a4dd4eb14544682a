package io.klaxon.ingest.generic;

import static io.klaxon.ingest.testing.Samples.normalize;
import static io.klaxon.ingest.testing.Samples.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Severity;
import io.klaxon.ingest.NormalizeResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Other AWS events through the generic path: one test per sample in {@code samples/other-aws}. */
class GenericEventTest {

    @Test
    void autoScalingLaunchSuccessful_shouldBeInfo_whenStatusIsInProgress() {
        // GIVEN / WHEN
        AlertSignal signal = only("other-aws/autoscaling-launch-successful.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("aws.autoscaling");
        assertThat(signal.title()).isEqualTo("EC2 Instance Launch Successful: InProgress — my-auto-scaling-group");
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.resources()).containsExactly("auto-scaling-group-arn", "instance-arn");
        assertThat(signal.labels()).contains(entry("AutoScalingGroupName", "my-auto-scaling-group"),
                entry("EC2InstanceId", "i-1234567890abcdef0"))
                .as("ids and times are not routing labels").doesNotContainKeys("ActivityId", "RequestId", "StartTime");
        assertThat(signal.occurredAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void autoScalingTerminateUnsuccessful_shouldBeHigh_whenStatusCodeIsFailed() {
        // GIVEN / WHEN
        AlertSignal signal = only("other-aws/autoscaling-terminate-unsuccessful.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.title()).isEqualTo("EC2 Instance Terminate Unsuccessful: Failed — my-auto-scaling-group");
        assertThat(signal.summary()).contains("StatusMessage: message-text", "Cause: description-text");
    }

    @Test
    void autoScalingSnsNotification_shouldPreferPayloadAccount_whenTopicAccountDiffers() {
        // GIVEN Auto Scaling's own SNS notification: AccountId (12 digits) differs from the TopicArn's (9 digits)
        // WHEN
        AlertSignal signal = only("other-aws/autoscaling-sns-notification-terminate.json");

        // THEN
        assertThat(signal.account()).isEqualTo("123456789123");
        assertThat(signal.title()).isEqualTo("Auto Scaling: termination for group \"autoscale-group-name\"");
        assertThat(signal.summary()).startsWith("Description: Terminating EC2 instance: i-00000000").contains("Cause: At 2016-09-16T12:37:09Z");
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.resources()).singleElement().asString().startsWith("arn:aws:autoscaling:us-east-1:123456789:autoScalingGroup:");
    }

    @Test
    void autoScalingTestNotification_shouldBeIgnoredWithReason_whenGroupChecksItsTopic() {
        // GIVEN / WHEN
        NormalizeResult result = normalize("other-aws/aws-to-slack-autoscaling-test-notification-message.json");

        // THEN
        assertThat(result.signals()).isEmpty();
        assertThat(result.ignored()).singleElement().satisfies(i -> {
            assertThat(i.item()).contains("autoscaling:TEST_NOTIFICATION", "revo-ecs-cluster-AutoScalingGroup-6TD45WIULWSY");
            assertThat(i.reason()).contains("not an alert");
        });
    }

    @Test
    void ecsTaskRunning_shouldBeInfo_whenTaskStarts() {
        // GIVEN / WHEN
        AlertSignal signal = only("other-aws/ecs-task-state-change-running-docs.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("aws.ecs");
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.title()).isEqualTo("ECS Task State Change: RUNNING — c13b4cb40f1f4fe4a2971f76ae5a47ad");
        assertThat(signal.alertKey()).isEqualTo("aws.ecs:ECS Task State Change:"
                + "arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad");
        assertThat(signal.labels()).contains(entry("lastStatus", "RUNNING"), entry("group", "family:sample-fargate"));
    }

    @Test
    void ecsTaskStopped_shouldBeHighWithStoppedReasonFirst_whenElbHealthChecksFail() {
        // GIVEN the alert-worthy shape: STOPPED because of failed ELB health checks
        // WHEN
        AlertSignal signal = only("other-aws/ecs-task-stopped-elb-healthcheck-real.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.summary()).startsWith("stoppedReason: Task failed ELB health checks in (target-group ");
        assertThat(signal.labels()).contains(entry("lastStatus", "STOPPED"), entry("group", "service:sin-web_service-dev"));
        assertThat(signal.region()).isEqualTo("ap-northeast-2");
        assertThat(signal.account()).isEqualTo("653734769926");
        assertThat(signal.summary()).doesNotContain("{");
    }

    @Test
    void ecsServiceActionError_shouldBeHigh_whenTaskPlacementFails() {
        // GIVEN / WHEN
        AlertSignal signal = only("other-aws/ecs-service-action-placement-failure-docs.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.title()).isEqualTo("ECS Service Action: SERVICE_TASK_PLACEMENT_FAILURE — servicetest");
        assertThat(signal.labels()).contains(entry("eventType", "ERROR"), entry("reason", "RESOURCE:FARGATE"));
    }

    @Test
    void ecsDeploymentFailed_shouldCarryCircuitBreakerReason_whenDeploymentFails() {
        // GIVEN / WHEN
        AlertSignal signal = only("other-aws/ecs-deployment-failed-docs.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.summary()).startsWith("reason: ECS deployment circuit breaker: task failed to start.");
        assertThat(signal.title()).isEqualTo("ECS Deployment State Change: SERVICE_DEPLOYMENT_FAILED — servicetest");
    }

    @Test
    void rdsFailover_shouldBeHigh_whenCategoryIsFailover() {
        // GIVEN / WHEN
        AlertSignal signal = only("other-aws/rds-db-instance-failover-docs.json");

        // THEN
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.title()).isEqualTo("RDS DB Instance Event: RDS-EVENT-0049 — my-db-instance");
        assertThat(signal.summary()).startsWith("Message: A Multi-AZ failover has completed.");
        assertThat(signal.labels()).contains(entry("EventID", "RDS-EVENT-0049"), entry("EventCategories", "failover"));
    }

    @Test
    void rdsStopped_shouldKeepNonHexId_whenEventIdIsNotAUuid() {
        // GIVEN an event id "12a345b6-…-123f4ghi5j6k", which is not hexadecimal
        // WHEN
        AlertSignal signal = only("other-aws/rds-db-instance-stopped-docs.json");

        // THEN ids are opaque: taken as they are
        assertThat(signal.signalId()).isEqualTo("12a345b6-78c9-01d2-34e5-123f4ghi5j6k");
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.summary()).startsWith("Message: DB instance stopped");
    }

    @Test
    void codePipelineExecutionStarted_shouldBeInfo_whenPipelineStarts() {
        // GIVEN an event whose id is "CWE-event-id"
        // WHEN
        AlertSignal signal = only("other-aws/codepipeline-execution-state-change.json");

        // THEN
        assertThat(signal.signalId()).isEqualTo("CWE-event-id");
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.title()).isEqualTo("CodePipeline Pipeline Execution State Change: STARTED — myPipeline");
    }

    @Test
    void codePipelineActionStarted_shouldFlattenNestedTypeIntoSummary_whenActionHasAProvider() {
        // GIVEN / WHEN
        AlertSignal signal = only("other-aws/codepipeline-action-execution-state-change.json");

        // THEN
        assertThat(signal.summary()).contains("stage: Prod", "action: myAction", "type.provider: CodeDeploy");
        assertThat(signal.region()).as("the envelope's region, not detail.region").isEqualTo("us-east-1");
    }

    @Test
    void codeStarNotification_shouldBeReadAsEvent_whenDetailTypeIsCamelCase() {
        // GIVEN a CodeStar Notifications message: "detailType", no id, a FAILED build action
        // WHEN
        AlertSignal signal = only("other-aws/codepipeline-codestar-notification-action-failed-real.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("aws.codepipeline");
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.title()).isEqualTo("CodePipeline Action Execution State Change: FAILED — sin-dev");
        assertThat(signal.summary()).contains("execution-result.external-execution-summary: Build terminated with state: FAILED",
                "execution-result.error-code: JobFailed");
        assertThat(signal.signalId()).startsWith("content-");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2022-07-21T05:26:58Z"));
    }
}
