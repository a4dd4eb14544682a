package io.klaxon.aws;

import static io.klaxon.domain.testing.Fixtures.ALARM_ARN;
import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.aws.dynamodb.DynamoAlertStore;
import io.klaxon.aws.events.EventBridgePublisher;
import io.klaxon.aws.secrets.SecretResolver;
import io.klaxon.aws.stepfunctions.StepFunctionsExecutions;
import io.klaxon.aws.stepfunctions.StepFunctionsResumer;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.WorkflowExecutions;
import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.BusEvent;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The factory's wiring, with DynamoDB pointed at DynamoDB Local the way the local runtime does it. */
class AwsFactoryTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("factory-");

    @BeforeAll
    static void createTable() {
        AlertTable.create(DYNAMODB.client(), "factory-test");
    }

    @Test
    void context_shouldWireTheAlertServiceToTheConfiguredTable_whenDynamoDbEndpointIsOverridden() {
        // GIVEN
        try (var context = ApplicationContext.run(Map.of(
                "dynamodb.endpoint", DYNAMODB.dynamoDb().endpoint().toString(),
                "klaxon.table", "factory-test"))) {

            // WHEN
            var opened = context.getBean(AlertService.class).open("a1", firing("s1", T0), policy());

            // THEN
            assertThat(opened).isInstanceOf(AlertService.Opened.class);
            var pointer = DYNAMODB.client().getItem(b -> b.tableName("factory-test").consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("KEY#" + ALARM_ARN), "sk", AttributeValue.fromS("OPEN"))));
            assertThat(pointer.item().get("alertId").s()).isEqualTo("a1");
            assertThat(context.getBean(AlertStore.class)).isInstanceOf(DynamoAlertStore.class)
                    .extracting(store -> ((DynamoAlertStore) store).tableName()).isEqualTo("factory-test");
            assertThat(context.getBean(AlertService.class).store()).isSameAs(context.getBean(AlertStore.class));
            assertThat(context.getBean(DynamoDbClient.class)).isSameAs(context.getBean(DynamoDbClient.class));
            assertThat(context.getBean(Clock.class).getZone().getId()).isEqualTo("Z");
        }
    }

    @Test
    void context_shouldBuildTheAwsAdaptersForThePorts_whenNothingReplacesThem() {
        // GIVEN
        try (var context = ApplicationContext.run(Map.of("aws.region", "eu-west-1"))) {

            // WHEN
            EventPublisher publisher = context.getBean(EventPublisher.class);
            WorkflowResumer resumer = context.getBean(WorkflowResumer.class);

            // THEN
            assertThat(publisher).isInstanceOf(EventBridgePublisher.class);
            assertThat(resumer).isInstanceOf(StepFunctionsResumer.class);
            assertThat(context.getBean(EventBridgeClient.class).serviceClientConfiguration().region().id())
                    .isEqualTo("eu-west-1");
        }
    }

    @Test
    void context_shouldNeverBuildClientsNobodyUses_whenThePublisherIsReplacedAndSecretsComeFromTheEnvironment() {
        // GIVEN
        try (var context = ApplicationContext.run(Map.of(
                "dynamodb.endpoint", DYNAMODB.dynamoDb().endpoint().toString(),
                "klaxon.table", "factory-test",
                "test.replace-publisher", "true"))) {

            // WHEN
            EventPublisher publisher = context.getBean(EventPublisher.class);
            publisher.publish(List.of(BusEvent.of(firing("s9", T0))));
            context.getBean(SecretResolver.class).resolve("KLAXON_TEST_SURELY_UNSET_VARIABLE");

            // THEN
            assertThat(publisher).isInstanceOf(RecordingPublisher.class);
            assertThat(((RecordingPublisher) publisher).published).hasSize(1);
            assertThat(context.getActiveBeanRegistrations(EventBridgeClient.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(SfnClient.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(SecretsManagerClient.class)).isEmpty();
        }
    }

    @Test
    void context_shouldNotBuildTheStepFunctionsClient_whenTheWorkflowAdaptersAreWired() {
        // GIVEN
        try (var context = ApplicationContext.run(Map.of("aws.region", "eu-west-1",
                "klaxon.state.machine.arn", "arn:aws:states:eu-west-1:000000000000:stateMachine:klaxon"))) {

            // WHEN the three Step Functions adapters are wired, as lifecycle's and interact's services wire them
            context.getBean(WorkflowResumer.class);
            context.getBean(WorkflowStarter.class);
            var executions = (StepFunctionsExecutions) context.getBean(WorkflowExecutions.class);

            // THEN no client is built: building one loads the SDK's metadata of every service and region,
            // which lifecycle's `open` never needs (the adapters' own tests cover the calls through the client)
            assertThat(executions.executionArn("x")).isEqualTo("arn:aws:states:eu-west-1:000000000000:execution:klaxon:x");
            assertThat(context.getActiveBeanRegistrations(SfnClient.class)).isEmpty();
        }
    }
}
