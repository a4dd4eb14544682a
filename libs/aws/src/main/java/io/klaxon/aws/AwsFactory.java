package io.klaxon.aws;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.aws.dynamodb.DynamoAlertStore;
import io.klaxon.aws.dynamodb.DynamoCallBudget;
import io.klaxon.aws.dynamodb.DynamoPublishedAhead;
import io.klaxon.aws.dynamodb.DynamoRenderLedger;
import io.klaxon.aws.dynamodb.DynamoStormWatch;
import io.klaxon.aws.events.EventBridgePublisher;
import io.klaxon.aws.secrets.SecretResolver;
import io.klaxon.aws.stepfunctions.StepFunctionsExecutions;
import io.klaxon.aws.stepfunctions.StepFunctionsResumer;
import io.klaxon.aws.stepfunctions.StepFunctionsStarter;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.CallBudget;
import io.klaxon.domain.port.PublishedAhead;
import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.WorkflowExecutions;
import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.service.AlertService;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds the AWS clients and the adapters behind the domain ports, once per process.
 *
 * <p>Settings, from environment variables (Micronaut maps {@code FOO_BAR} to the property
 * {@code foo.bar}, so tests and the local runtime may set the property instead):
 * <ul>
 *   <li>{@code AWS_REGION} ({@code aws.region}): the region of every client. Lambda sets it. When
 *       unset, the SDK's default region chain decides; with a DynamoDB endpoint override and no
 *       region, {@code us-east-1}.</li>
 *   <li>{@code DYNAMODB_ENDPOINT} ({@code dynamodb.endpoint}): an endpoint override for DynamoDB,
 *       e.g. DynamoDB Local. A loopback endpoint gets dummy static credentials, so real ones never
 *       reach a local server.</li>
 *   <li>{@code KLAXON_TABLE} ({@code klaxon.table}, default {@code klaxon}) and {@code KLAXON_BUS}
 *       ({@code klaxon.bus}, default {@code klaxon}).</li>
 * </ul>
 *
 * <p>Every bean is a lazily created singleton. The local runtime replaces the EventBridge, Step
 * Functions and Secrets Manager clients with local stand-ins (so the adapters here run unchanged),
 * adds {@link ExecutionInterceptor} beans (every client built here gets them: the local runtime
 * checks each call against the function's IAM policies that way), and supplies the function's
 * {@link EnvironmentVariables}. All clients use the URL-connection HTTP client (no Apache or Netty
 * stack to load on a cold start). The Step Functions adapters get their client on first use: building
 * an SDK client loads the SDK's metadata of every service and region (~370 classes), which lifecycle's
 * {@code open}, the path of every new alert, never needs.
 */
@Factory
public class AwsFactory {

    /** Connecting to a regional endpoint takes milliseconds; a stuck connect should fail fast. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final String region;
    private final List<ExecutionInterceptor> interceptors;

    /** @param interceptors added to every client built here; none in Lambda */
    public AwsFactory(@Value("${aws.region:}") String region, List<ExecutionInterceptor> interceptors) {
        this.region = region;
        this.interceptors = List.copyOf(interceptors);
    }

    @Singleton
    @Bean(preDestroy = "close")
    public DynamoDbClient dynamoDbClient(@Value("${dynamodb.endpoint:}") String endpoint) {
        DynamoDbClientBuilder builder = configure(DynamoDbClient.builder());
        if (!endpoint.isBlank()) {
            URI uri = URI.create(endpoint.trim());
            builder.endpointOverride(uri);
            if (region.isBlank()) {
                builder.region(Region.US_EAST_1);
            }
            if (isLoopback(uri)) {
                builder.credentialsProvider(LOCAL_CREDENTIALS);
            }
        }
        return builder.build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    public EventBridgeClient eventBridgeClient() {
        return configure(EventBridgeClient.builder()).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    public SfnClient sfnClient() {
        return configure(SfnClient.builder()).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    public SecretsManagerClient secretsManagerClient() {
        return configure(SecretsManagerClient.builder()).build();
    }

    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    public AlertStore alertStore(DynamoDbClient dynamoDb, ObjectMapper json, Clock clock,
                                 @Value("${klaxon.table:" + AlertTable.DEFAULT_NAME + "}") String table) {
        return new DynamoAlertStore(dynamoDb, table, json, clock);
    }

    /** The shared budget of Slack calls (ADR 0013), in the same table. */
    @Singleton
    public CallBudget callBudget(DynamoDbClient dynamoDb, Clock clock,
                                 @Value("${klaxon.table:" + AlertTable.DEFAULT_NAME + "}") String table) {
        return new DynamoCallBudget(dynamoDb, table, clock);
    }

    /** Which state of each Slack message was last rendered, so older renders are skipped (ADR 0013). */
    @Singleton
    public RenderLedger renderLedger(DynamoDbClient dynamoDb, Clock clock,
                                     @Value("${klaxon.table:" + AlertTable.DEFAULT_NAME + "}") String table) {
        return new DynamoRenderLedger(dynamoDb, table, clock);
    }

    /** Which events notify put on the bus ahead of a failing Slack step (ADR 0012), in the same table. */
    @Singleton
    public PublishedAhead publishedAhead(DynamoDbClient dynamoDb, Clock clock,
                                         @Value("${klaxon.table:" + AlertTable.DEFAULT_NAME + "}") String table) {
        return new DynamoPublishedAhead(dynamoDb, table, clock);
    }

    /** Opens per route and each route's storm (ADR 0014), in the same table. */
    @Singleton
    public StormWatch stormWatch(DynamoDbClient dynamoDb, Clock clock,
                                 @Value("${klaxon.table:" + AlertTable.DEFAULT_NAME + "}") String table) {
        return new DynamoStormWatch(dynamoDb, table, clock);
    }

    @Singleton
    public EventPublisher eventPublisher(EventBridgeClient events, ObjectMapper json,
                                         @Value("${klaxon.bus:klaxon}") String bus) {
        return new EventBridgePublisher(events, bus, json);
    }

    @Singleton
    public WorkflowResumer workflowResumer(BeanProvider<SfnClient> sfn, ObjectMapper json) {
        return new StepFunctionsResumer(sfn::get, json);
    }

    /**
     * @param stateMachineArn env {@code KLAXON_STATE_MACHINE_ARN}: the functions that hand changes to
     *                        the workflow (interact, recovery) have it; building this bean without it
     *                        fails with a message naming the variable
     */
    @Singleton
    public WorkflowStarter workflowStarter(BeanProvider<SfnClient> sfn, ObjectMapper json,
                                           @Value("${klaxon.state.machine.arn:}") String stateMachineArn) {
        return new StepFunctionsStarter(sfn::get, stateMachineArn, json);
    }

    /**
     * @param stateMachineArn env {@code KLAXON_STATE_MACHINE_ARN}: the functions that adopt or repair
     *                        alerts (lifecycle, reconcile) have it
     */
    @Singleton
    public WorkflowExecutions workflowExecutions(BeanProvider<SfnClient> sfn, ObjectMapper json,
                                                 @Value("${klaxon.state.machine.arn:}") String stateMachineArn) {
        return new StepFunctionsExecutions(sfn::get, stateMachineArn, json);
    }

    @Singleton
    public AlertService alertService(AlertStore store, Clock clock) {
        return new AlertService(store, clock);
    }

    /** The process environment; the local runtime replaces it with the function's own. */
    @Singleton
    public EnvironmentVariables environmentVariables() {
        return System::getenv;
    }

    /** Reads secrets from Secrets Manager only when a {@code *_SECRET_ARN} variable asks for it. */
    @Singleton
    public SecretResolver secretResolver(BeanProvider<SecretsManagerClient> secretsManager, ObjectMapper json,
                                         EnvironmentVariables env) {
        return new SecretResolver(secretsManager::get, env::get, json);
    }

    /**
     * Gives a client builder the settings every Klaxon client has (HTTP client, timeouts, retries,
     * region, interceptors); for clients only one function builds (the deliver function's SES).
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT));
        // Standard mode: 3 attempts per call, whatever the service (DynamoDB's legacy default is 9).
        // The workflow retries what is still failing after that, so the layers add up instead of
        // multiplying (ADR 0001, "Failures").
        builder.overrideConfiguration(c -> {
            c.retryStrategy(RetryMode.STANDARD);
            interceptors.forEach(c::addExecutionInterceptor);
        });
        if (!region.isBlank()) {
            builder.region(Region.of(region.trim()));
        }
        return builder;
    }

    private static boolean isLoopback(URI endpoint) {
        if (endpoint.getHost() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
