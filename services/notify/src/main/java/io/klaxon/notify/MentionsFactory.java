package io.klaxon.notify;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.config.ConfigLocation;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The schedules of the configuration the function was built with ({@code $LAMBDA_TASK_ROOT/klaxon.yaml},
 * ADR 0011); none for the built-in one. An invalid file fails the function's start.
 */
@Factory
class MentionsFactory {

    @Singleton
    EscalationMentions escalationMentions(EnvironmentVariables env) {
        return new EscalationMentions(ConfigLocation.loadForFunction(env::get).schedules());
    }
}
