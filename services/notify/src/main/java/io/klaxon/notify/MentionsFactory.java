package io.klaxon.notify;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.config.ConfigLocation;
import io.klaxon.config.InvalidConfigException;
import io.klaxon.config.KlaxonConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * The schedules of the configuration the function was built with ({@code $LAMBDA_TASK_ROOT/klaxon.yaml},
 * ADR 0011); none for the built-in one. An invalid file fails the function's start.
 */
@Factory
class MentionsFactory {

    @Singleton
    EscalationMentions escalationMentions(EnvironmentVariables env) {
        Map<String, String> vars = new HashMap<>();
        String root = env.get(ConfigLocation.TASK_ROOT);
        if (root != null) {
            vars.put(ConfigLocation.TASK_ROOT, root);
        }
        KlaxonConfig config;
        try {
            config = ConfigLocation.ofFunction(vars).load(vars);
        } catch (InvalidConfigException e) {
            throw new IllegalStateException("the configuration is invalid: " + e.getMessage(), e);
        }
        return new EscalationMentions(config.schedules());
    }
}
