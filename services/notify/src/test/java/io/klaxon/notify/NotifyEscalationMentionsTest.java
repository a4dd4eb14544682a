package io.klaxon.notify;

import static io.klaxon.notify.NotifyWorld.ALERT_ID;
import static io.klaxon.notify.NotifyWorld.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.config.ConfigParser;
import io.klaxon.config.InvalidConfigException;
import io.klaxon.config.Schedule;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Escalations resolve the snapshot's mention tokens when they fire: a schedule pages whoever is on
 * call at that moment (the fixtures' clock starts Saturday 2026-11-21 03:00Z, 04:00 in Berlin: shift
 * 319 of the daily rotation, U02's; the 09:00 handoff gives shift 320 to U03).
 */
class NotifyEscalationMentionsTest {

    private static final Map<String, Schedule> SCHEDULES = schedules("""
            routes:
              - { name: default, channel: C0OPS, policy: p }
            policies:
              p:
                levels:
                  - mention: [here]
            schedules:
              db-primary:
                timezone: Europe/Berlin
                start: 2026-01-05
                handoff: "09:00"
                every: 1d
                members: [U01, U02, U03]
            """);

    private final NotifyWorld world = NotifyWorld.withSchedules(SCHEDULES);

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    private static Map<String, Schedule> schedules(String yaml) {
        try {
            return ConfigParser.parse("klaxon.yaml", yaml).schedules();
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static EscalationPolicy policy(List<EscalationPolicy.Level> levels) {
        return new EscalationPolicy("database", "C0DB", 300, 3600, levels, true);
    }

    private void postedWith(EscalationPolicy policy) {
        world.opened(policy);
        world.notify.handle(op(TaskOp.POST));
        world.slackStub.reset();
    }

    private String escalateAndReadTheReply() {
        AlertService.CommandResult escalated = world.alerts.escalate(ALERT_ID);
        world.notify.handle(TaskRequest.telling(TaskOp.ESCALATION, ALERT_ID, escalated.outcome().change()));
        List<Request> replies = world.slackStub.requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") != null).toList();
        assertThat(replies).hasSize(1);
        world.slackStub.reset();
        return replies.getFirst().param("text");
    }

    @Test
    void escalation_shouldPageWhoeverIsOnCallNow_whenTheLevelNamesASchedule() {
        // GIVEN an alert whose only level mentions the db-primary schedule
        postedWith(policy(List.of(new EscalationPolicy.Level(List.of("schedule:db-primary"), false))));
        world.clock.advance(Duration.ofMinutes(5));
        Instant first = world.clock.instant();
        // WHEN it escalates before the day's handoff
        String before = escalateAndReadTheReply();
        // THEN the reply mentions the user on call then, as the schedule names them
        assertThat(SCHEDULES.get("db-primary").onCall(first)).isEqualTo("U02");
        assertThat(before).startsWith("<@U02> :mega:");

        // WHEN the handoff (09:00 Berlin, 08:00Z) passes during the incident and it escalates again
        world.clock.advance(Duration.ofHours(5));
        String after = escalateAndReadTheReply();
        // THEN the new person is paged, not the one on call when the alert opened
        assertThat(after).startsWith("<@U03> :mega:").doesNotContain("U02");
    }

    @Test
    void escalation_shouldMentionTheGroupTheUserAndHere_whenTheLevelNamesThem() {
        // GIVEN a level with a user group, a user and here (tokens as klaxon.yaml writes them)
        postedWith(policy(List.of(new EscalationPolicy.Level(List.of("group:S0DBTEAM", "user:U0LEAD", "here"), true))));
        // WHEN it escalates
        String reply = escalateAndReadTheReply();
        // THEN each is Slack's mention markup
        assertThat(reply).startsWith("<!subteam^S0DBTEAM> <@U0LEAD> <!here> :mega:");
    }

    @Test
    void escalation_shouldShowTheTokenAsText_whenTheScheduleIsNotConfigured() {
        // GIVEN a level naming a schedule this notify's configuration does not have
        postedWith(policy(List.of(new EscalationPolicy.Level(List.of("schedule:gone", "user:U0LEAD"), false))));
        // WHEN it escalates
        String reply = escalateAndReadTheReply();
        // THEN the others are still paged and the unknown schedule is visible in the thread, not silently dropped
        assertThat(reply).startsWith("schedule:gone <@U0LEAD> :mega:");
    }

    @Test
    void resolve_shouldPassLegacyIdsThrough_andDropDuplicates() {
        // GIVEN snapshots taken before routes (bare ids) and a schedule whose on-call is also listed
        var mentions = new EscalationMentions(SCHEDULES);
        Instant at = Instant.parse("2026-11-21T03:00:00Z");
        // WHEN they are resolved
        // THEN bare ids stay as they were, and U02 is called once
        assertThat(mentions.resolve(List.of("U0ONCALL1", "S0SRE", "here"), at)).containsExactly("U0ONCALL1", "S0SRE", "here");
        assertThat(mentions.resolve(List.of("schedule:db-primary", "user:U02", "channel"), at))
                .containsExactly("U02", "channel");
    }
}
