package io.klaxon.local.localstack;

import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.aws.dynamodb.DynamoAlertStore;
import io.klaxon.aws.events.EventBridgePublisher;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.local.template.TemplateModel;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS side of the flow against LocalStack: the DynamoDB store through claim and resolve, the
 * lifecycle published to a custom bus and routed by a rule, and the real ASL accepted by Step
 * Functions with the template's substitutions. Runs wherever a Docker engine is available; without
 * one, JUnit reports it skipped (the local runtime's end-to-end test covers the flow everywhere).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackFlowTest {

    private static LocalStackContainer localstack;
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @BeforeAll
    static void start() {
        localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"));
        localstack.start();
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())));
    }

    @Test
    void alert_shouldBeClaimedAndResolvedOnce_inDynamoDb() {
        try (DynamoDbClient dynamo = configure(DynamoDbClient.builder()).build()) {
            AlertTable.create(dynamo, "klaxon");
            AlertService service = new AlertService(new DynamoAlertStore(dynamo, "klaxon", io.micronaut.serde.ObjectMapper.getDefault(), Clock.systemUTC()), Clock.systemUTC());
            service.open("a1", firing("s1", T0), policy());
            var claimed = service.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), 1L));
            var lost = service.act("a1", new Command.Claim(Actor.slack("UBOB", "bob"), 1L));
            var resolved = service.act("a1", new Command.Resolve(Actor.slack("UALICE", "alice"), 2L));
            assertThat(claimed.applied()).isTrue();
            assertThat(lost.applied()).isFalse();
            assertThat(resolved.alert().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(service.store().timeline("a1")).hasSize(3);
        }
    }

    @Test
    void lifecycleEvent_shouldReachARuleOnTheCustomBus() {
        try (EventBridgeClient events = configure(EventBridgeClient.builder()).build();
             SqsClient sqs = configure(SqsClient.builder()).build()) {
            events.createEventBus(b -> b.name("klaxon"));
            String queueUrl = sqs.createQueue(b -> b.queueName("claimed")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(b -> b.name("on-claimed").eventBusName("klaxon")
                    .eventPattern("{\"source\":[\"klaxon\"],\"detail-type\":[\"Alert Claimed\"]}"));
            events.putTargets(b -> b.rule("on-claimed").eventBusName("klaxon")
                    .targets(Target.builder().id("q").arn(queueArn).build()));

            new EventBridgePublisher(events, "klaxon", io.micronaut.serde.ObjectMapper.getDefault())
                    .publish(List.of(new BusEvent<>("klaxon", "Alert Claimed", Map.of("alertId", "a1"))));

            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            List<String> bodies = List.of();
            while (bodies.isEmpty() && Instant.now().isBefore(deadline)) {
                bodies = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages().stream()
                        .map(m -> m.body()).toList();
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            assertThat(bodies).singleElement().asString().contains("\"Alert Claimed\"").contains("\"a1\"");
        }
    }

    @Test
    void stateMachine_shouldBeAcceptedByStepFunctions_withTheTemplateSubstitutions() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        TemplateModel template = TemplateModel.load(root.resolve("sam/template.yaml"));
        String definition = Files.readString(template.definitionPath());
        String arnPrefix = "arn:aws:lambda:" + localstack.getRegion() + ":000000000000:function:";
        for (Map.Entry<String, String> sub : template.definitionSubstitutions(Map.of()).entrySet()) {
            String value = sub.getKey().endsWith("FunctionArn") ? arnPrefix + sub.getValue() : sub.getValue();
            definition = definition.replace("${" + sub.getKey() + "}", value);
        }
        try (SfnClient sfn = configure(SfnClient.builder()).build()) {
            String body = definition;
            String arn = sfn.createStateMachine(b -> b.name("AlertLifecycle").definition(body)
                    .roleArn("arn:aws:iam::000000000000:role/klaxon-workflow")).stateMachineArn();
            assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()).contains("waitForTaskToken");
        }
    }
}
