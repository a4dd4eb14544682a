package io.klaxon.interact.testing;

import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.service.AlertService;
import io.klaxon.slack.SlackGateway;
import io.micronaut.context.annotation.Factory;
import io.klaxon.domain.port.WorkflowStarter;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * In a test's application context, the ports come from that test's {@link InteractWorld} (registered
 * into the context before it starts) instead of the AWS and Slack factories; everything else is the
 * production bean graph.
 */
@Factory
@Requires(env = InteractWorld.ENVIRONMENT)
class WorldBeans {

    @Singleton
    @Replaces(AlertService.class)
    AlertService alertService(InteractWorld world) {
        return world.alerts;
    }

    @Singleton
    @Replaces(WorkflowResumer.class)
    WorkflowResumer workflowResumer(InteractWorld world) {
        return world.resumer;
    }

    @Singleton
    @Replaces(SlackGateway.class)
    SlackGateway slackGateway(InteractWorld world) {
        return world.slack;
    }

    @Singleton
    @Replaces(WorkflowStarter.class)
    WorkflowStarter workflowStarter(InteractWorld world) {
        return world.starter;
    }

    @Singleton
    @Replaces(Clock.class)
    Clock clock(InteractWorld world) {
        return world.clock;
    }
}
