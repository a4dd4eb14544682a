package io.klaxon.lifecycle;

import io.klaxon.domain.alert.EscalationPolicy;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The escalation policy new alerts start with, from configuration (environment variables in
 * Lambda and locally). A snapshot is copied into each alert when it opens.
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
 */
@Singleton
public class PolicySettings {

    private final EscalationPolicy policy;

    public PolicySettings(@Value("${klaxon.channel:}") String channel,
                          @Value("${klaxon.escalate.after.seconds:300}") long escalateAfterSeconds,
                          @Value("${klaxon.remind.after.seconds:3600}") long remindAfterSeconds,
                          @Value("${klaxon.escalation.mentions:here}") String mentions,
                          @Value("${klaxon.auto.resolve:true}") boolean autoResolve) {
        if (escalateAfterSeconds < 1 || remindAfterSeconds < 1) {
            throw new IllegalArgumentException("KLAXON_ESCALATE_AFTER_SECONDS and KLAXON_REMIND_AFTER_SECONDS must be at least 1");
        }
        this.policy = new EscalationPolicy("default", channel, escalateAfterSeconds, remindAfterSeconds,
                parseLevels(mentions), autoResolve);
    }

    public EscalationPolicy current() {
        return policy;
    }

    static List<EscalationPolicy.Level> parseLevels(String spec) {
        List<EscalationPolicy.Level> levels = new ArrayList<>();
        for (String raw : spec.split(";")) {
            String level = raw.trim();
            if (level.isEmpty()) {
                continue;
            }
            boolean page = level.startsWith("!");
            List<String> ids = Arrays.stream(level.substring(page ? 1 : 0).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            levels.add(new EscalationPolicy.Level(ids, page));
        }
        return levels;
    }
}
