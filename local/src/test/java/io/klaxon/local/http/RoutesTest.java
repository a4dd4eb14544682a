package io.klaxon.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's own bounds, with small numbers so that they are reached quickly. */
class RoutesTest {

    private static final Duration BODY_TIMEOUT = Duration.ofMillis(300);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Routes routes;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        JsonMapper json = JsonMapper.createDefault();
        routes = new Routes(json).maxInFlight(2).bodyTimeout(BODY_TIMEOUT);
        routes.on("GET", "/health", e -> routes.json(e, 200, Map.of("status", "ok")));
        routes.on("POST", "/echo", 16, e -> routes.text(e, 200, "text/plain", e.bodyText()));
        routes.on("POST", "/slow", e -> {
            slowStarted.countDown();
            release.await();
            routes.json(e, 200, Map.of("slow", "done"));
        });
        routes.onHandOff("POST", "/report", e -> routes.json(e, 200, Map.of("report", "taken")));
        routes.start("127.0.0.1", 0, 1, "routes-test");
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        for (Socket s : sockets) {
            s.close();
        }
        routes.close();
    }

    @Test
    void stalledUpload_shouldBeDropped_whenItsBodyDoesNotArriveWithinTheTimeout() throws Exception {
        // GIVEN an upload that sent its headers and 3 of 10 bytes, then stopped
        Socket stalled = stalledUpload();

        // WHEN the body timeout passes
        stalled.setSoTimeout(5_000);
        long start = System.nanoTime();
        int read = readOrReset(stalled.getInputStream());

        // THEN the server closed the connection (end of stream or reset), soon after the timeout
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(read).isEqualTo(-1);
        assertThat(took).isLessThan(BODY_TIMEOUT.plusSeconds(2));
    }

    @Test
    void request_shouldGet503AtOnce_whenMaxInFlightRequestsAreStillUploading() throws Exception {
        // GIVEN two stalled uploads: all the requests the server admits at once
        stalledUpload();
        stalledUpload();
        // the server admits them on its own threads: wait until the next request is refused
        HttpResponse<String> refused = awaitStatus(503);

        // THEN the refusal says why and when to come back
        assertThat(refused.body()).contains("busy: 2 requests are in progress");
        assertThat(refused.headers().firstValue("retry-after")).contains("1");
        // AND once their bodies time out, the server serves again
        assertThat(awaitStatus(200).body()).contains("ok");
    }

    @Test
    void echo_shouldAnswer413_whenTheBodyIsOverTheRoutesLimit() throws Exception {
        HttpResponse<String> fits = post("/echo", "0123456789abcdef");
        HttpResponse<String> over = post("/echo", "0123456789abcdefg");
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.body()).isEqualTo("0123456789abcdef");
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).isEqualTo("{\"error\":\"request body exceeds 16 bytes, the limit of POST /echo\"}");
    }

    @Test
    void handOff_shouldAnswerAtOnce_whileTheOnlyWorkerIsBusy() throws Exception {
        // GIVEN the server's one worker held by a slow request
        var slow = HTTP.sendAsync(HttpRequest.newBuilder(uri("/slow")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // WHEN a hand-off route is called meanwhile
        HttpResponse<String> report = post("/report", "{}");

        // THEN it is answered without waiting for the worker; the slow one still finishes once let go
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).isEqualTo("{\"report\":\"taken\"}");
        assertThat(slow).isNotDone();
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"slow\":\"done\"}");
    }

    @Test
    void head_shouldAnswerTheGetRoutesStatusAndLength_withoutItsPayload() throws Exception {
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri("/health")).HEAD().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).contains("15");
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/nope")).HEAD().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    private Socket stalledUpload() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), routes.port());
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            return -1;
        }
    }

    private HttpResponse<String> awaitStatus(int status) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> last;
        do {
            last = HTTP.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == status) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        } while (System.nanoTime() < end);
        throw new AssertionError("no " + status + " within 5 s; last " + last.statusCode() + " " + last.body());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + routes.port() + path);
    }
}
