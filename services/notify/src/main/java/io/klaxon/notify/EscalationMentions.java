package io.klaxon.notify;

import io.klaxon.config.Mention;
import io.klaxon.config.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who an escalation level calls, at the moment it escalates. The alert's policy snapshot keeps the
 * configuration's mention tokens as written; here {@code schedule:NAME} becomes the user on call
 * now (so a handoff during an incident pages the new person), {@code group:S…} and
 * {@code user:U…} their ids, {@code here} and {@code channel} themselves. The result is what the
 * Slack renderer mentions (and escapes): {@code U…} as a user, {@code S…} as a user group.
 *
 * <p>A token that is none of these (an alert opened before routes existed stored bare ids such as
 * {@code U0ONCALL}) passes through unchanged, for the renderer to mention or show as text. A schedule
 * this function's configuration does not know (the file changed between the alert's open and now)
 * stays as its token, which the thread then shows as text: visible, never a silent nobody.
 */
public final class EscalationMentions {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationMentions.class);

    private final Map<String, Schedule> schedules;

    public EscalationMentions(Map<String, Schedule> schedules) {
        this.schedules = Map.copyOf(schedules);
    }

    public List<String> resolve(List<String> tokens, Instant at) {
        return tokens.stream().map(token -> resolve(token, at)).distinct().toList();
    }

    private String resolve(String token, Instant at) {
        Optional<Mention> mention = Mention.parse(token);
        if (mention.isEmpty()) {
            return token;
        }
        return switch (mention.get()) {
            case Mention.User u -> u.id();
            case Mention.Group g -> g.id();
            case Mention.Broadcast b -> b.which();
            case Mention.OnCall s -> {
                Schedule schedule = schedules.get(s.schedule());
                if (schedule == null) {
                    LOG.warn("escalation mentions schedule '{}', which the configuration does not define:"
                            + " shown as text", s.schedule());
                    yield token;
                }
                yield schedule.onCall(at);
            }
        };
    }
}
