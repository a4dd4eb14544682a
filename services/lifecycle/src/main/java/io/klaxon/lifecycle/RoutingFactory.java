package io.klaxon.lifecycle;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.config.ConfigLocation;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration the function was built with ({@code $LAMBDA_TASK_ROOT/klaxon.yaml}, ADR 0011),
 * or, without a file, the built-in single route from the stack's parameters:
 *
 * <ul>
 *   <li>{@code KLAXON_CHANNEL}: Slack channel id the message goes to</li>
 *   <li>{@code KLAXON_ESCALATE_AFTER_SECONDS}: claim timeout before each escalation (default 300)</li>
 *   <li>{@code KLAXON_REMIND_AFTER_SECONDS}: how long an owner holds it before a reminder (default 3600)</li>
 *   <li>{@code KLAXON_ESCALATION_MENTIONS}: who each level mentions: levels separated by {@code ;},
 *       Slack ids within a level by {@code ,}; a level starting with {@code !} is a page
 *       (e.g. {@code U01ONCALL;!S02SRE,here}). Default: {@code here}</li>
 *   <li>{@code KLAXON_AUTO_RESOLVE}: whether a recovery resolves an unclaimed alert (default true)</li>
 * </ul>
 *
 * These are read as Micronaut properties ({@code klaxon.channel}, …), as they always were, so a
 * test or the local runtime may set them either way. An invalid file fails the function's start.
 */
@Factory
class RoutingFactory {

    @Singleton
    AlertRouting alertRouting(EnvironmentVariables env, JsonMapper json,
                              @Value("${klaxon.channel:}") String channel,
                              @Value("${klaxon.escalate.after.seconds:}") String escalateAfterSeconds,
                              @Value("${klaxon.remind.after.seconds:}") String remindAfterSeconds,
                              @Value("${klaxon.escalation.mentions:}") String mentions,
                              @Value("${klaxon.auto.resolve:}") String autoResolve) {
        Map<String, String> vars = new HashMap<>();
        put(vars, ConfigLocation.TASK_ROOT, env.get(ConfigLocation.TASK_ROOT));
        put(vars, "KLAXON_CHANNEL", channel);
        put(vars, "KLAXON_ESCALATE_AFTER_SECONDS", escalateAfterSeconds);
        put(vars, "KLAXON_REMIND_AFTER_SECONDS", remindAfterSeconds);
        put(vars, "KLAXON_ESCALATION_MENTIONS", mentions);
        put(vars, "KLAXON_AUTO_RESOLVE", autoResolve);
        return new AlertRouting(ConfigLocation.loadForFunction(vars), json);
    }

    private static void put(Map<String, String> vars, String name, String value) {
        if (value != null && !value.isBlank()) {
            vars.put(name, value);
        }
    }
}
