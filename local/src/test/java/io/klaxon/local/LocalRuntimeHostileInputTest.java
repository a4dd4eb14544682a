package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.local.cli.SlackSigner;
import io.klaxon.local.http.Limits;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an unfriendly or broken client can send to {@code ./klaxon local}, through the doors it has:
 * HTTP on 127.0.0.1 against the real runtime. Each input gets a clear answer and the server stays
 * available to everyone else.
 */
class LocalRuntimeHostileInputTest {

    private static final String SECRET = "hostile-signing-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long TWO_GB = 2L * 1024 * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static SlackStubServer slack;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        slack = SlackStubServer.start();
        runtime = LocalRuntime.start(new LocalConfig(0, "xoxb-hostile", SECRET, slack.url(), "", "C0HOSTILE", 300, 3600,
                "U0ONCALL", System.getenv().getOrDefault("KLAXON_NODE", "node"), LocalConfig.home(null)));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    // ---- size ---------------------------------------------------------------------------------

    @Test
    void sns_shouldAnswer413WithoutReadingIt_whenA2GbBodyDeclaresItsLength() throws Exception {
        // GIVEN a 2 GB body from a generator (never in memory), its length declared
        Generator body = new Generator(TWO_GB);

        // WHEN it is posted
        HttpResponse<String> reply = HTTP.send(request("/sns")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), TWO_GB))
                .build(), HttpResponse.BodyHandlers.ofString());

        // THEN 413 with the reason, after reading next to nothing, and the server is healthy
        assertThat(reply.statusCode()).isEqualTo(413);
        assertThat(reply.body()).contains("request body exceeds " + Limits.SNS_MAX_BODY + " bytes, the limit of POST /sns");
        assertThat(body.sent()).isLessThan(64L * 1024 * 1024);
        assertHealthyWithin(Duration.ofSeconds(1));
        System.out.printf("hostile: 2 GB with Content-Length -> 413 after the client sent %d bytes%n", body.sent());
    }

    @Test
    void events_shouldAnswer413AfterTheLimit_whenA2GbBodyIsChunked() throws Exception {
        // GIVEN a 2 GB body with no declared length (chunked), from a generator
        Generator body = new Generator(TWO_GB);

        // WHEN it is posted
        HttpResponse<String> reply = HTTP.send(request("/events")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());

        // THEN 413 once the limit is passed, and the server is healthy
        assertThat(reply.statusCode()).isEqualTo(413);
        assertThat(reply.body()).contains("request body exceeds " + Limits.EVENTS_MAX_BODY + " bytes");
        assertThat(body.sent()).isLessThan(64L * 1024 * 1024);
        assertHealthyWithin(Duration.ofSeconds(1));
        System.out.printf("hostile: 2 GB chunked -> 413 after the client sent %d bytes%n", body.sent());
    }

    // ---- time ---------------------------------------------------------------------------------

    @Test
    void health_shouldAnswerWithinASecond_whileEightUploadsAreStalled() throws Exception {
        // GIVEN eight connections that sent their headers and part of a body, then stopped
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), runtime.port());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /sns HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"Type\": \"Notif").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }

            // WHEN / THEN /health still answers at once, as does real work
            Duration took = assertHealthyWithin(Duration.ofSeconds(1));
            System.out.printf("hostile: /health answered in %d ms with 8 uploads stalled%n", took.toMillis());
            assertThat(HTTP.send(request("/sns").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
            assertThat(stalled).allSatisfy(s -> assertThat(s.isClosed()).isFalse());
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    // ---- methods and ids ----------------------------------------------------------------------

    @Test
    void head_shouldAnswerLikeGetWithoutAPayload_whereGetIsServed() throws Exception {
        HttpResponse<String> head = HTTP.send(request("/health").HEAD().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).contains("15");
        assertThat(HTTP.send(request("/executions/unknown").HEAD().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void executions_shouldAnswer404_whenTheRunnerKnowsNoSuchExecution() throws Exception {
        HttpResponse<String> reply = get("/executions/unknown");
        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(reply.body()).contains("no execution unknown");
    }

    @Test
    void alertsAndExecutions_shouldAnswer400_whenTheIdCannotBeAnAlertId() throws Exception {
        String longId = "x".repeat(10_000);
        assertThat(get("/alerts/" + longId).statusCode()).isEqualTo(400);
        assertThat(get("/executions/" + longId).statusCode()).isEqualTo(400);
        assertThat(get("/alerts/a%0Ab").body()).contains("not an alert id");
        assertThat(get("/alerts/unknown").statusCode()).isEqualTo(404);
    }

    // ---- input that is not an alert -----------------------------------------------------------

    @Test
    void sns_shouldAnswer400WithTheReason_whenTheBodyIsAnEmptyObject() throws Exception {
        HttpResponse<String> reply = post("/sns", "{}");
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(reply.body()).contains("input is a JSON object without any value");
        assertThat(slack.requests("chat.postMessage")).noneMatch(r -> r.body().contains("SNS message"));
    }

    @Test
    void sns_shouldAnswer400WithTheReason_whenTheEnvelopeHasNoMessage() throws Exception {
        HttpResponse<String> reply = post("/sns", "{\"Type\": \"Notification\", \"MessageId\": \"no-message-1\","
                + " \"TopicArn\": \"arn:aws:sns:eu-west-1:1234567890:alerta-test\", \"Timestamp\": \"2019-02-15T23:53:45.134Z\"}");
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(reply.body()).contains("input has no Message");
    }

    // ---- Slack --------------------------------------------------------------------------------

    @Test
    void slashCommand_shouldBeRefused_whenTheSameSignedRequestIsSentAgain() throws Exception {
        // GIVEN a signed slash command that was answered
        String body = slashBody("help");
        long ts = Instant.now().getEpochSecond();
        assertThat(slashCommand(body, ts).statusCode()).isEqualTo(200);

        // WHEN the same bytes with the same signature come again
        HttpResponse<String> replay = slashCommand(body, ts);

        // THEN it is refused with the reason
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).isEqualTo("this signed Slack request was already received; a replay changes nothing");
    }

    @Test
    void slashCommand_shouldAnswerAClearEphemeralError_whenItIsTenKilobytes() throws Exception {
        HttpResponse<String> reply = slashCommand(slashBody("claim " + "x".repeat(10_000)), Instant.now().getEpochSecond());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"response_type\":\"ephemeral\"").contains("is not an alert id");
    }

    // ---- control characters -------------------------------------------------------------------

    @Test
    void alarmName_shouldReachNeitherSlackNorALogLine_withItsControlCharacters() throws Exception {
        // GIVEN an alarm whose name has a newline that would forge a log line, NUL, ESC and BEL
        String evil = "bucketbytesEvil\\\\nFORGED INFO line\\\\u0000\\\\u001b[31m\\\\u0007";
        String input = Files.readString(Path.of("src/test/resources/samples/alerta-http-alarm-s3-bucket.json"))
                .replace("e288882d-4281-5be4-8fde-dccc11c8cb01", "hostile-name-1")
                .replace("\\\"AlarmName\\\":\\\"bucketbytesAlarm\\\"", "\\\"AlarmName\\\":\\\"" + evil + "\\\"");
        assertThat(input).contains("FORGED");

        // WHEN it is delivered, while the console (where the logs go) is recorded
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        Request posted;
        try {
            System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));
            assertThat(post("/sns", input).statusCode()).isEqualTo(200);
            posted = Polling.await(DEADLINE, () -> slack.requests("chat.postMessage").stream()
                    .filter(r -> r.body().contains("FORGED")).findFirst(), () -> "Slack saw " + slack.requests());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        // THEN Slack got the name without control characters, on one line where a title goes
        assertThat(posted.params().values()).allSatisfy(v -> assertThat(v)
                .doesNotContainPattern("[\\u0000\\u0007\\u001b\\u0080-\\u009f]")
                .doesNotContainPattern("(?i)\\\\u00(00|07|1b)"));
        assertThat(posted.param("text")).contains("bucketbytesEvil FORGED INFO line").doesNotContain("\n");
        // AND no log line starts with the forged text or carries a control character
        String logged = console.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("FORGED INFO line");
        assertThat(logged.lines()).noneMatch(line -> line.startsWith("FORGED"))
                .allSatisfy(line -> assertThat(line).doesNotContainPattern("[\\u0000\\u0007\\u001b]"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Duration assertHealthyWithin(Duration limit) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = HTTP.send(request("/health").timeout(limit).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(took).isLessThan(limit);
        return took;
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final AtomicLong TRIGGER_IDS = new AtomicLong();

    private static String slashBody(String text) {
        return "command=%2Fklaxon&user_id=UEVE&user_name=eve&channel_id=C0HOSTILE&trigger_id=hostile."
                + TRIGGER_IDS.incrementAndGet() + "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> slashCommand(String body, long ts) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + "/slack/commands"))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-slack-request-timestamp", Long.toString(ts))
                .header("x-slack-signature", SlackSigner.sign(SECRET, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A body of {@code size} spaces produced as it is read: nothing is held in memory. */
    private static final class Generator extends InputStream {
        private final long size;
        private final AtomicLong sent = new AtomicLong();

        Generator(long size) {
            this.size = size;
        }

        long sent() {
            return sent.get();
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long left = size - sent.get();
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) ' ');
            sent.addAndGet(n);
            return n;
        }
    }
}
