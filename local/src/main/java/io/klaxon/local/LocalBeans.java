package io.klaxon.local;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.local.aws.IamInterceptor;
import io.klaxon.local.aws.LocalEventBridge;
import io.klaxon.local.aws.LocalSecrets;
import io.klaxon.local.aws.LocalSecretsManager;
import io.klaxon.local.aws.LocalStepFunctions;
import io.klaxon.local.bus.LocalBus;
import io.klaxon.local.function.LambdaEnvironment;
import io.klaxon.local.template.FunctionView;
import io.klaxon.local.workflow.LocalStateMachine;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The local stand-ins in one function's application context: the AWS SDK clients (EventBridge, Step
 * Functions, Secrets Manager) that talk to the local bus, the Node runner and the local secrets
 * instead of AWS, an IAM check on the DynamoDB client, and the function's own environment. Each
 * checks every call against the function's role. Everything above the SDK clients — the adapters
 * in {@code libs/aws}, the services, the handlers — is the production bean graph.
 *
 * <p>{@link LocalRuntime} registers the function ({@link FunctionView}), its
 * {@link LambdaEnvironment} and the shared bus, secrets and state machine into the context.
 */
@Factory
@Requires(env = LocalRuntime.ENVIRONMENT)
class LocalBeans {

    @Singleton
    @Replaces(EnvironmentVariables.class)
    EnvironmentVariables functionEnvironment(LambdaEnvironment environment) {
        return environment.variables()::get;
    }

    /** AwsFactory adds it to the DynamoDB client it builds (the one client that reaches a real local service). */
    @Singleton
    ExecutionInterceptor iamCheck(FunctionView function) {
        return new IamInterceptor(function.role());
    }

    @Singleton
    @Replaces(EventBridgeClient.class)
    EventBridgeClient localEventBridge(FunctionView function, LocalBus bus) {
        return new LocalEventBridge(function.role(), bus);
    }

    @Singleton
    @Replaces(SfnClient.class)
    SfnClient localStepFunctions(FunctionView function, LocalStateMachine stateMachine, JsonMapper json) {
        return new LocalStepFunctions(function.role(), stateMachine, json);
    }

    @Singleton
    @Replaces(SecretsManagerClient.class)
    SecretsManagerClient localSecretsManager(FunctionView function, LocalSecrets secrets) {
        return new LocalSecretsManager(function.role(), secrets);
    }
}
