package io.klaxon.notify;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.config.ConfigLocation;
import io.klaxon.slack.render.RenderTemplate;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The message templates of the configuration the function was built with
 * ({@code $LAMBDA_TASK_ROOT/klaxon.yaml}, ADR 0011), which the Slack renderer applies to each
 * route's alerts; the built-in {@code default} for the built-in configuration.
 */
@Factory
class TemplatesFactory {

    @Singleton
    RenderTemplate.Choice routeTemplates(EnvironmentVariables env) {
        return new RouteTemplates(ConfigLocation.loadForFunction(env::get));
    }
}
