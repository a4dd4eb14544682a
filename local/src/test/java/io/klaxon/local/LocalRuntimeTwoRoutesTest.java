package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeFixture.alarm;
import static io.klaxon.local.LocalRuntimeFixture.klaxonYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.config.ConfigFile;
import io.klaxon.config.Schedule;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.local.cli.SlackSigner;
import io.klaxon.slack.MessageMenu;
import io.klaxon.slack.testing.SlackStubServer.Request;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's must-show, on the real stack with a two-route klaxon.yaml: an RDS alarm goes to the
 * database channel and an EC2 alarm to the default one; the database route's escalation pages whoever
 * its schedule has on call at that moment; then a note (modal), a reassign (modal) and a snooze for a
 * chosen duration (the message's select) each edit the same message and write its thread. One runtime
 * for all of it: the file's shortest claim timeout is 30 s (the template's bound), waited once.
 */
class LocalRuntimeTwoRoutesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The claim timeout plus a generous margin for a loaded machine. */
    private static final Duration ESCALATION_DEADLINE = Duration.ofSeconds(75);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String RDS_KEY = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:dbConnectionsAlarm";

    private static final String CONFIG = """
            routes:
              - name: database
                match: { "detail": { "labels": { "namespace": ["AWS/RDS"] } } }
                channel: C0DB
                policy: db
              - name: default
                channel: C0KLAXON
                policy: default
            policies:
              db:
                claimTimeout: 30s
                levels:
                  - mention: [schedule:db-primary]
              default:
                claimTimeout: 1h
                levels:
                  - mention: [here]
            schedules:
              db-primary:
                timezone: Europe/Berlin
                start: 2026-01-05
                handoff: "09:00"
                every: 1w
                members: [U0DBANNA, U0DBBEN, U0DBCARL]
            """;

    @RegisterExtension
    final LocalRuntimeFixture.Stack stack = new LocalRuntimeFixture.Stack();

    @TempDir
    Path dir;


    @Test
    void twoRoutes_shouldRouteEscalateToOnCallAndUpdateInPlace_whenRespondersNoteReassignAndSnooze() throws Exception {
        // GIVEN the local stack with a database route (RDS alarms, paging the db-primary schedule) and a default one
        Path file = klaxonYaml(dir, CONFIG);
        Schedule dbPrimary = ConfigFile.read(file).schedules().get("db-primary");
        stack.startWith(300, file);

        // WHEN an RDS alarm and an EC2 alarm fire
        String rds = alarm("dbConnectionsAlarm", "routing-rds-1").replace("AWS/S3", "AWS/RDS");
        String ec2 = alarm("cpuRouting", "routing-ec2-1").replace("AWS/S3", "AWS/EC2");
        Instant before = Instant.now();
        assertThat(sns(rds).statusCode()).isEqualTo(200);
        assertThat(sns(ec2).statusCode()).isEqualTo(200);

        // THEN the RDS alarm posts in the database channel and the EC2 alarm in the default one
        Request rdsMessage = await(DEADLINE, () -> topLevel("dbConnectionsAlarm"));
        Request ec2Message = await(DEADLINE, () -> topLevel("cpuRouting"));
        assertThat(rdsMessage.param("channel")).isEqualTo("C0DB");
        assertThat(ec2Message.param("channel")).isEqualTo("C0KLAXON");
        Alert posted = await(DEADLINE, () -> stack.runtime().alerts().findOpen(RDS_KEY)
                .filter(a -> a.hasMessage() && a.taskToken() != null));
        String ts = posted.messageTs();

        // WHEN, while nobody has claimed it, someone adds a note through the overflow's modal, once the
        // alert is a few seconds old (so a restarted claim timer would visibly push the escalation back)
        await(DEADLINE, () -> Optional.of(posted).filter(a -> Instant.now().isAfter(a.openedAt().plusSeconds(8))));
        assertThat(menu("U0NOTER", MessageMenu.MORE_ACTION_ID, MessageMenu.value("note", posted.alertId(),
                posted.version()), "trigger-note").statusCode()).isEqualTo(200);
        Request noteModal = await(DEADLINE, () -> stack.slack().requests("views.open").stream()
                .filter(r -> "trigger-note".equals(r.param("trigger_id"))).findFirst());
        assertThat(noteModal.body()).contains("klaxon.modal.note");
        HttpResponse<String> noted = submit("U0NOTER", "note", posted, Map.of("klaxon.note",
                Map.of("klaxon.note.text", Map.of("type", "plain_text_input", "value", "replica lag, looking"))));
        assertThat(noted.statusCode()).isEqualTo(200);
        assertThat(noted.body()).isEmpty();

        // THEN the thread has the note and the same message is edited
        Request noteReply = await(DEADLINE, () -> threadReply(ts, "replica lag, looking"));
        assertThat(noteReply.param("channel")).isEqualTo("C0DB");
        Instant notedAt = timeline(posted.alertId(), TimelineKind.NOTE).at();

        // AND nobody claims it: after the database policy's 30 s — counted from the opening, not from the
        // note — its thread mentions the user the schedule has on call at that moment
        Request escalation = await(ESCALATION_DEADLINE, () -> stack.slack().requests("chat.postMessage").stream()
                .filter(r -> ts.equals(r.param("thread_ts")) && r.param("text") != null && r.param("text").contains(":mega:"))
                .findFirst());
        Instant after = Instant.now();
        // A weekly handoff can fall between the two instants only at 09:00 on a Monday in Berlin: accept either side.
        Set<String> onCall = new HashSet<>(List.of(dbPrimary.onCall(before), dbPrimary.onCall(after)));
        assertThat(onCall).anySatisfy(user -> assertThat(escalation.param("text")).startsWith("<@" + user + "> "));
        Instant escalatedAt = timeline(posted.alertId(), TimelineKind.ESCALATED).at();
        assertThat(escalatedAt).as("the note must not restart the claim timer").isBefore(notedAt.plusSeconds(30));
        // The default route's alert (1 h timeout) has not escalated, and nothing mentioned the schedule's name.
        assertThat(stack.slack().requests("chat.postMessage")).noneMatch(r -> r.param("thread_ts") != null
                && "C0KLAXON".equals(r.param("channel")) && String.valueOf(r.param("text")).contains(":mega:"));
        assertThat(stack.slack().requests("chat.postMessage")).noneMatch(r -> r.body().contains("schedule:db-primary"));
        // The lifecycle events name the route each alert opened on.
        await(DEADLINE, () -> stack.runtime().bus().recent().stream()
                .filter(e -> e.contains("\"Alert Escalated\"") && e.contains("\"route\":\"database\"")).findFirst());

        // WHEN it is reassigned through the modal to U0NEWOWN
        Alert escalated = await(DEADLINE, () -> stack.runtime().alerts().get(posted.alertId()).filter(a -> a.escalationLevel() == 1));
        assertThat(menu("U0LEAD", MessageMenu.MORE_ACTION_ID, MessageMenu.value("reassign", posted.alertId(),
                escalated.version()), "trigger-reassign").statusCode()).isEqualTo(200);
        await(DEADLINE, () -> stack.slack().requests("views.open").stream()
                .filter(r -> "trigger-reassign".equals(r.param("trigger_id"))).findFirst());
        int updatesBefore = updates(ts).size();
        HttpResponse<String> reassigned = submit("U0LEAD", "reassign", escalated, Map.of("klaxon.owner",
                Map.of("klaxon.owner.pick", Map.of("type", "users_select", "selected_user", "U0NEWOWN"))));
        assertThat(reassigned.statusCode()).isEqualTo(200);

        // THEN the same message shows the new owner, and the thread mentions them exactly once
        await(DEADLINE, () -> updates(ts).stream().skip(updatesBefore)
                .filter(r -> r.body().contains("U0NEWOWN")).findFirst());
        await(DEADLINE, () -> threadReply(ts, "Assigned to"));
        assertThat(stack.slack().requests("chat.postMessage").stream()
                .filter(r -> ts.equals(r.param("thread_ts")) && String.valueOf(r.param("text")).contains("<@U0NEWOWN>")))
                .hasSize(1);

        // WHEN the new owner snoozes it for 4 hours from the message's select
        Alert owned = await(DEADLINE, () -> stack.runtime().alerts().get(posted.alertId())
                .filter(a -> a.state() == AlertState.CLAIMED && a.taskToken() != null));
        Instant chosen = Instant.now();
        assertThat(menu("U0NEWOWN", MessageMenu.SNOOZE_ACTION_ID, MessageMenu.value("4h", posted.alertId(),
                owned.version()), "trigger-snooze").statusCode()).isEqualTo(200);

        // THEN it sleeps for 4 hours, the same message says so, and the thread tells it
        Alert snoozed = await(DEADLINE, () -> stack.runtime().alerts().get(posted.alertId())
                .filter(a -> a.state() == AlertState.SNOOZED));
        assertThat(Duration.between(chosen, snoozed.snoozedUntil())).isBetween(Duration.ofHours(4).minusMinutes(1),
                Duration.ofHours(4).plusMinutes(1));
        await(DEADLINE, () -> updates(ts).stream().filter(r -> r.body().contains("Snoozed")).findFirst());
        await(DEADLINE, () -> threadReply(ts, "Snoozed by"));
        // AND every change edited the one message: no second top-level post for the RDS alarm
        assertThat(stack.slack().requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") == null && r.body().contains("dbConnectionsAlarm"))).hasSize(1);
        assertThat(updates(ts)).allSatisfy(r -> assertThat(r.param("channel")).isEqualTo("C0DB"));
        // AND neither the workflow's steps nor the modals asked Slack anything first (the SDK's own
        // statistics, off, would precede each client's first call with an auth.test)
        assertThat(stack.slack().requests("auth.test")).isEmpty();
    }

    private Optional<Request> topLevel(String alarm) {
        return stack.slack().requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") == null && r.body().contains(alarm)).findFirst();
    }

    private Optional<Request> threadReply(String ts, String text) {
        return stack.slack().requests("chat.postMessage").stream()
                .filter(r -> ts.equals(r.param("thread_ts")) && String.valueOf(r.param("text")).contains(text))
                .findFirst();
    }

    private List<Request> updates(String ts) {
        return stack.slack().requests("chat.update").stream().filter(r -> ts.equals(r.param("ts"))).toList();
    }

    private TimelineEntry timeline(String alertId, TimelineKind kind) {
        return await(DEADLINE, () -> stack.runtime().alerts().timeline(alertId).stream().filter(e -> e.kind() == kind).findFirst());
    }

    private HttpResponse<String> sns(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.runtime().port() + "/sns"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A choice in one of the message's menus, as Slack sends it (block_actions with selected_option). */
    private HttpResponse<String> menu(String userId, String actionId, String optionValue, String triggerId)
            throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "block_actions");
        payload.put("user", Map.of("id", userId, "username", userId.toLowerCase()));
        payload.put("container", Map.of("type", "message", "channel_id", "C0DB", "message_ts", "1.0"));
        payload.put("trigger_id", triggerId);
        payload.put("actions", List.of(Map.of("action_id", actionId, "type", "static_select",
                "selected_option", Map.of("value", optionValue))));
        return signedPost(payload);
    }

    /** A view_submission of one of Klaxon's modals for the alert at the version it was opened on. */
    private HttpResponse<String> submit(String userId, String modal, Alert alert, Map<String, Object> values)
            throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "view_submission");
        payload.put("user", Map.of("id", userId, "username", userId.toLowerCase()));
        payload.put("view", Map.of("type", "modal", "callback_id", "klaxon.modal." + modal,
                "private_metadata", alert.alertId() + ":" + alert.version(), "state", Map.of("values", values)));
        return signedPost(payload);
    }

    private HttpResponse<String> signedPost(Map<String, Object> payload) throws Exception {
        String body = "payload=" + URLEncoder.encode(new String(JSON.writeValueAsBytes(payload), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.runtime().port() + "/slack/actions"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-slack-request-timestamp", Long.toString(now))
                .header("x-slack-signature", SlackSigner.sign(LocalRuntimeEndToEndTest.SECRET, now, body))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private <T> T await(Duration deadline, Supplier<Optional<T>> probe) {
        return Polling.await(deadline, probe, () -> "Slack saw " + stack.slack().requests().stream()
                .map(r -> r.method() + " " + r.param("channel") + " " + r.param("text")).toList());
    }
}
