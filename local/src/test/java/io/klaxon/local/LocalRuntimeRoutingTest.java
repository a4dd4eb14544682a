package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.config.ConfigFile;
import io.klaxon.config.Schedule;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klaxon.yaml's routes on the real stack: an RDS alarm goes to the database channel, anything else
 * to the default one, and the database route's escalation pages whoever its schedule has on call at
 * that moment. The file's shortest claim timeout is 30 s (the template's bound), so this test waits
 * that long for the escalation.
 */
class LocalRuntimeRoutingTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The claim timeout plus a generous margin for a loaded machine. */
    private static final Duration ESCALATION_DEADLINE = Duration.ofSeconds(75);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String CONFIG = """
            routes:
              - name: database
                match: { "detail": { "labels": { "namespace": ["AWS/RDS"] } } }
                channel: C0DB
                policy: db
              - name: default
                channel: C0E2E
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

    private final SlackStubServer slack = SlackStubServer.start();
    private LocalRuntime runtime;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        slack.close();
    }

    @Test
    void alarms_shouldPostInTheirRoutesChannels_andEscalateToWhoeverIsOnCall_whenTheConfigHasTwoRoutes() throws Exception {
        // GIVEN the local stack with a database route (RDS alarms, paging the db-primary schedule) and a default one
        Path file = dir.resolve("klaxon.yaml");
        Files.writeString(file, CONFIG);
        Schedule dbPrimary = ConfigFile.read(file).schedules().get("db-primary");
        runtime = LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, 300).withConfig(file, Map.of()));

        // WHEN an RDS alarm and an S3 alarm fire
        String rds = sample("alerta-http-alarm-s3-bucket.json")
                .replace("e288882d-4281-5be4-8fde-dccc11c8cb01", "routing-rds-1")
                .replace("bucketbytesAlarm", "dbConnectionsAlarm")
                .replace("AWS/S3", "AWS/RDS");
        String s3 = sample("alerta-http-alarm-s3-bucket.json")
                .replace("e288882d-4281-5be4-8fde-dccc11c8cb01", "routing-s3-1")
                .replace("bucketbytesAlarm", "bucketbytesRouting");
        Instant before = Instant.now();
        assertThat(sns(rds).statusCode()).isEqualTo(200);
        assertThat(sns(s3).statusCode()).isEqualTo(200);

        // THEN the RDS alarm posts in the database channel and the S3 alarm in the default one
        Request rdsMessage = await(DEADLINE, () -> topLevel("dbConnectionsAlarm"));
        Request s3Message = await(DEADLINE, () -> topLevel("bucketbytesRouting"));
        assertThat(rdsMessage.param("channel")).isEqualTo("C0DB");
        assertThat(s3Message.param("channel")).isEqualTo("C0E2E");

        // AND nobody claims the RDS alert: after the database policy's 30 s its thread mentions the user
        // the schedule has on call at that moment
        Request escalation = await(ESCALATION_DEADLINE, () -> slack.requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") != null && "C0DB".equals(r.param("channel"))
                        && r.param("text") != null && r.param("text").contains(":mega:"))
                .findFirst());
        Instant after = Instant.now();
        // A weekly handoff can fall between the two instants only at 09:00 on a Monday in Berlin: accept either side.
        Set<String> onCall = new HashSet<>(List.of(dbPrimary.onCall(before), dbPrimary.onCall(after)));
        assertThat(onCall).anySatisfy(user -> assertThat(escalation.param("text")).startsWith("<@" + user + "> "));
        // The default route's alert (1 h timeout) has not escalated, and nothing mentioned the schedule's name.
        assertThat(slack.requests("chat.postMessage")).noneMatch(r -> r.param("thread_ts") != null
                && "C0E2E".equals(r.param("channel")) && String.valueOf(r.param("text")).contains(":mega:"));
        assertThat(slack.requests("chat.postMessage")).noneMatch(r -> r.body().contains("schedule:db-primary"));
        // The lifecycle events name the route each alert opened on.
        await(DEADLINE, () -> runtime.bus().recent().stream()
                .filter(e -> e.contains("\"Alert Escalated\"") && e.contains("\"route\":\"database\"")).findFirst());
    }

    private Optional<Request> topLevel(String alarm) {
        return slack.requests("chat.postMessage").stream()
                .filter(r -> r.param("thread_ts") == null && r.body().contains(alarm)).findFirst();
    }

    private HttpResponse<String> sns(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + "/sns"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private <T> T await(Duration deadline, Supplier<Optional<T>> probe) {
        return Polling.await(deadline, probe, () -> "Slack saw " + slack.requests().stream()
                .map(r -> r.method() + " " + r.param("channel") + " " + r.param("text")).toList());
    }
}
