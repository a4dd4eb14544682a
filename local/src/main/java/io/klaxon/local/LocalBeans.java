package io.klaxon.local;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.local.bus.LocalBus;
import io.klaxon.local.workflow.LocalWorkflowResumer;
import io.klaxon.local.workflow.LocalWorkflowStarter;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Swaps the bus and the workflow resumer for their local counterparts; everything else (services,
 * handlers, the DynamoDB store — pointed at DynamoDB Local by the {@code dynamodb.endpoint}
 * property — and the Slack gateway) is the same bean graph as in Lambda. The local objects are
 * registered into the context by {@link LocalRuntime} before it starts.
 */
@Factory
@Requires(env = LocalRuntime.ENVIRONMENT)
class LocalBeans {

    @Singleton
    @Replaces(EventPublisher.class)
    EventPublisher localBus(LocalBus bus) {
        return bus::publish;
    }

    @Singleton
    @Replaces(WorkflowStarter.class)
    WorkflowStarter localStarter(LocalWorkflowStarter starter) {
        return starter;
    }

    @Singleton
    @Replaces(WorkflowResumer.class)
    WorkflowResumer localResumer(LocalWorkflowResumer resumer) {
        return resumer::resume;
    }
}
