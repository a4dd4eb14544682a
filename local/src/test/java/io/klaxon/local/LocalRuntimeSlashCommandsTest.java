package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeFixture.alarm;
import static io.klaxon.local.LocalRuntimeFixture.klaxonYaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.config.ConfigFile;
import io.klaxon.config.Schedule;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.local.cli.SlackSigner;
import io.klaxon.slack.testing.SlackStubServer.Request;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The responder commands of issue 7 on the real stack, through signed slash commands: status and
 * oncall answer at once; note and assign change the alert and the workflow tells the thread.
 */
class LocalRuntimeSlashCommandsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong TRIGGER_IDS = new AtomicLong();
    /** LocalRuntimeEndToEndTest.config's signing secret. */
    private static final String SECRET = "e2e-signing-secret";

    private static final String CONFIG = """
            routes:
              - name: default
                channel: C0E2E
                policy: default
            policies:
              default:
                claimTimeout: 1h
                levels:
                  - mention: [schedule:ops-primary]
            schedules:
              ops-primary:
                timezone: America/New_York
                start: 2026-01-05
                handoff: "09:00"
                every: 1d
                members: [U0OPSANNA, U0OPSBEN]
            """;

    @RegisterExtension
    final LocalRuntimeFixture.Stack stack = new LocalRuntimeFixture.Stack();

    @TempDir
    Path dir;


    @Test
    void slashCommands_shouldAnswerStatusAndOncall_andTellNoteAndAssignInTheThread_whenTypedOnTheLocalStack()
            throws Exception {
        // GIVEN the local stack with one route and a daily schedule, and an alarm that fired
        Path file = klaxonYaml(dir, CONFIG);
        Schedule opsPrimary = ConfigFile.read(file).schedules().get("ops-primary");
        stack.startWith(300, file);
        String alarm = alarm("bucketbytesSlash", "slash-1");
        assertThat(post("/sns", "application/json", alarm, new String[0]).statusCode()).isEqualTo(200);
        String alertKey = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesSlash";
        Alert open = await(() -> stack.runtime().alerts().findOpen(alertKey).filter(Alert::hasMessage));
        String id = open.alertId();

        // WHEN status and oncall are typed THEN they answer at once, ephemerally
        String status = slash("UBOB", "bob", "status " + id);
        assertThat(status).contains("\"response_type\":\"ephemeral\"").contains("State: *unclaimed*")
                .contains("Owner: nobody").contains("Route: `default`").contains("Escalation level: 0");
        Instant before = Instant.now();
        String oncall = slash("UBOB", "bob", "oncall");
        Set<String> onCall = new HashSet<>(List.of(opsPrimary.onCall(before), opsPrimary.onCall(Instant.now())));
        assertThat(onCall).anySatisfy(user -> assertThat(oncall).contains("`ops-primary` <@" + user + ">"));

        // WHEN bob adds a note THEN the thread tells it once and the state stays
        assertThat(slash("UBOB", "bob", "note " + id + " replica lag &gt; 30s")).contains("You added a note");
        Request noteReply = await(() -> threadReply(":memo: Note from bob: replica lag &gt; 30s"));
        assertThat(noteReply.param("thread_ts")).isEqualTo(open.messageTs());

        // WHEN bob assigns it to carol, picked with @ THEN the message shows her as owner and the thread mentions her once
        assertThat(slash("UBOB", "bob", "assign " + id + " <@U0CAROL03|carol>")).contains("You assigned");
        await(() -> stack.slack().requests("chat.update").stream()
                .filter(u -> u.param("ts").equals(open.messageTs()) && u.body().contains("U0CAROL03")).findFirst());
        await(() -> threadReply("<@U0CAROL03> :point_right: Assigned to carol by bob"));
        Alert assigned = await(() -> stack.runtime().alerts().get(id).filter(a -> a.state() == AlertState.CLAIMED));
        assertThat(assigned.owner().id()).isEqualTo("U0CAROL03");
        assertThat(stack.runtime().alerts().timeline(id)).extracting(e -> e.kind().name())
                .containsSubsequence("OPENED", "NOTE", "ASSIGNED");
        assertThat(stack.slack().requests("chat.postMessage")).filteredOn(r -> String.valueOf(r.param("text")).contains("<@U0CAROL03>"))
                .hasSize(1);

        // AND a note on a resolved alert is refused with the reason
        slash("UBOB", "bob", "resolve " + id);
        await(() -> stack.runtime().alerts().get(id).filter(a -> a.state() == AlertState.RESOLVED));
        assertThat(slash("UBOB", "bob", "note " + id + " too late")).contains("This alert was resolved by <@UBOB>");
    }

    @Test
    void list_shouldShowEachChannelItsRoutesOpenAlerts_andTheDatabaseRouteRendersCompact_whenTwoRoutesPost()
            throws Exception {
        // GIVEN two routes: RDS alarms to C0DB in the compact template, the rest to C0E2E in the default one
        Path file = klaxonYaml(dir, """
                routes:
                  - name: database
                    match: { "detail": { "labels": { "namespace": ["AWS/RDS"] } } }
                    channel: C0DB
                    policy: default
                    template: compact
                  - name: default
                    channel: C0E2E
                    policy: default
                policies:
                  default:
                    claimTimeout: 1h
                    levels:
                      - mention: [here]
                """);
        stack.startWith(300, file);
        String rds = alarm("dbConnectionsList", "list-rds-1").replace("AWS/S3", "AWS/RDS");
        String s3 = alarm("bucketbytesList", "list-s3-1");
        assertThat(post("/sns", "application/json", rds, new String[0]).statusCode()).isEqualTo(200);
        assertThat(post("/sns", "application/json", s3, new String[0]).statusCode()).isEqualTo(200);
        Alert rdsAlert = await(() -> stack.runtime().alerts()
                .findOpen("arn:aws:cloudwatch:eu-west-1:1234567890:alarm:dbConnectionsList").filter(Alert::hasMessage));
        Alert s3Alert = await(() -> stack.runtime().alerts()
                .findOpen("arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesList").filter(Alert::hasMessage));

        // THEN each message is in its route's template: compact shows no account and no summary
        Request rdsPost = await(() -> stack.slack().requests("chat.postMessage").stream()
                .filter(r -> "C0DB".equals(r.param("channel")) && r.param("thread_ts") == null).findFirst());
        Request s3Post = await(() -> stack.slack().requests("chat.postMessage").stream()
                .filter(r -> "C0E2E".equals(r.param("channel")) && r.param("thread_ts") == null).findFirst());
        assertThat(rdsPost.param("attachments")).contains("*Source*").doesNotContain("*Account*")
                .doesNotContain("Threshold Crossed");
        assertThat(s3Post.param("attachments")).contains("*Account*").contains("Threshold Crossed");

        // WHEN list is typed in each channel, and somewhere no route posts
        String inDb = slash("UBOB", "bob", "list", "C0DB");
        String inDefault = slash("UBOB", "bob", "list", "C0E2E");
        String elsewhere = slash("UBOB", "bob", "list", "C0NOROUTE");

        // THEN each lists its own route's open alert with state, owner and age, ephemerally
        assertThat(inDb).contains("\"response_type\":\"ephemeral\"").contains("route `database`")
                .contains("`" + rdsAlert.alertId() + "` *dbConnectionsList* · unclaimed · nobody · ")
                .doesNotContain(s3Alert.alertId());
        assertThat(inDefault).contains("route `default`").contains(s3Alert.alertId()).doesNotContain(rdsAlert.alertId());
        assertThat(elsewhere).contains("No route posts to this channel");

        // AND a claimed alert shows its owner; a resolved one leaves the list
        slash("UBOB", "bob", "claim " + rdsAlert.alertId());
        await(() -> stack.runtime().alerts().get(rdsAlert.alertId()).filter(a -> a.state() == AlertState.CLAIMED));
        assertThat(slash("UBOB", "bob", "list", "C0DB")).contains("· claimed · <@UBOB> · ");
        slash("UBOB", "bob", "resolve " + s3Alert.alertId());
        await(() -> stack.runtime().alerts().get(s3Alert.alertId()).filter(a -> a.state() == AlertState.RESOLVED));
        assertThat(slash("UBOB", "bob", "list", "C0E2E")).contains("No open alerts on route `default`.");
    }

    private Optional<Request> threadReply(String startsWith) {
        return stack.slack().requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") != null && String.valueOf(r.param("text")).startsWith(startsWith))
                .findFirst();
    }

    private String slash(String userId, String userName, String text) throws Exception {
        return slash(userId, userName, text, "C0E2E");
    }

    private String slash(String userId, String userName, String text, String channel) throws Exception {
        String body = "command=%2Fklaxon&user_id=" + userId + "&user_name=" + userName + "&channel_id=" + channel
                + "&trigger_id=slash."
                + TRIGGER_IDS.incrementAndGet() + "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        HttpResponse<String> reply = post("/slack/commands", "application/x-www-form-urlencoded", body,
                new String[] {"x-slack-request-timestamp", Long.toString(ts),
                        "x-slack-signature", SlackSigner.sign(SECRET, ts, body)});
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    private HttpResponse<String> post(String path, String contentType, String body, String[] headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.runtime().port() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private <T> T await(Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack saw " + stack.slack().requests().stream()
                .map(r -> r.method() + " " + r.param("channel") + " " + r.param("text")).toList());
    }
}
