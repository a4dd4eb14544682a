package io.klaxon.deliver.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.deliver.DestinationType;
import io.klaxon.deliver.Outbound;
import io.klaxon.deliver.RawReceiver;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against receivers on 127.0.0.1 that misbehave at the socket level: what a destination can do
 * to a delivery that a well-behaved stub never does.
 */
class HttpSenderTest {

    private final HttpSender sender = new HttpSender(new Answers(JsonMapper.createDefault()), Clock.systemUTC());
    private RawReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void send_shouldEndWithinItsTimeout_whenTheReceiverNeverAnswers() {
        // GIVEN a receiver that reads the request and never answers
        receiver = new RawReceiver(exchange -> exchange.hold());

        // WHEN a send with 400 ms is made
        Timed sent = sendWithin(Duration.ofMillis(400));

        // THEN it is a retry, named a timeout, and the caller was not held much past 400 ms
        assertThat(sent.answer()).isEqualTo(new Answer.Retry("HttpTimeoutException", null));
        assertThat(sent.tookMs()).isBetween(350L, 3_000L);
    }

    @Test
    void send_shouldEndWithinItsTimeout_whenTheReceiverAnswersOneByteAtATime() {
        // GIVEN a receiver that sends its status line a byte every 100 ms, each byte inside the read timeout
        receiver = new RawReceiver(exchange -> exchange.trickle("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 100));

        // WHEN a send with 600 ms is made (the whole answer would take about 4 s)
        Timed sent = sendWithin(Duration.ofMillis(600));

        // THEN the attempt is cut at its timeout, not at each read's
        assertThat(sent.answer()).isEqualTo(new Answer.Retry("HttpTimeoutException", null));
        assertThat(sent.tookMs()).isBetween(550L, 2_500L);
    }

    @Test
    void send_shouldNotSendThePostAgain_whenTheReceiverDropsAReusedConnectionAfterReadingIt() {
        // GIVEN a receiver that answers the first request on a kept-alive connection, then reads the second
        // request on it and closes without answering (it may have acted on it: the client must not resend)
        receiver = new RawReceiver(exchange -> {
            exchange.readRequest();
            exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nKeep-Alive: timeout=30\r\n\r\n");
            exchange.readRequest();
            exchange.closeNow();
        });

        // WHEN two sends are made in turn
        Answer first = sender.send(DestinationType.WEBHOOK, outbound(receiver.url()));
        Answer second = sender.send(DestinationType.WEBHOOK, outbound(receiver.url()));

        // THEN the first is delivered, the second is a retry for the caller to decide, and the receiver read
        // exactly two requests (HttpURLConnection resends a failed request on a fresh connection unless streaming)
        assertThat(first).isEqualTo(new Answer.Delivered(200));
        assertThat(second).isInstanceOf(Answer.Retry.class);
        assertThat(receiver.requests()).isEqualTo(2);
    }

    @Test
    void send_shouldNotFollowARedirect_andShouldReadTheStatusAndRetryAfter() {
        // GIVEN a receiver that redirects, then one that is rate-limited
        receiver = new RawReceiver(exchange -> {
            exchange.readRequest();
            exchange.write("HTTP/1.1 307 Temporary Redirect\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");
            exchange.closeNow();
        });

        Answer redirected = sender.send(DestinationType.WEBHOOK, outbound(receiver.url()));

        // THEN the redirect is an answer of its own (not followed: one request), retried later
        assertThat(redirected).isEqualTo(new Answer.Retry("HTTP 307", null));
        assertThat(receiver.requests()).isEqualTo(1);
        receiver.close();

        receiver = new RawReceiver(exchange -> {
            exchange.readRequest();
            String body = "{\"error\":\"slow down\"}";
            exchange.write("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            exchange.closeNow();
        });
        assertThat(sender.send(DestinationType.WEBHOOK, outbound(receiver.url())))
                .isEqualTo(new Answer.Retry("HTTP 429", Duration.ofSeconds(7)));
    }

    @Test
    void send_shouldBeRefused_whenTheReceiverAsksForCredentials_withoutTheClientAnsweringTheChallenge() {
        // GIVEN a receiver that answers 401 with a challenge (the client may not resend a streamed body to answer it)
        receiver = new RawReceiver(exchange -> {
            exchange.readRequest();
            String body = "{\"error\":\"invalid token\"}";
            exchange.write("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"hooks\"\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                    + body);
            exchange.closeNow();
        });

        // THEN it is refused for what it is, after one request
        assertThat(sender.send(DestinationType.WEBHOOK, outbound(receiver.url())))
                .isEqualTo(new Answer.Refused("HTTP 401"));
        assertThat(receiver.requests()).isEqualTo(1);
    }

    @Test
    void send_shouldSendTheBodyAndHeadersAsGiven() {
        List<String> seen = new CopyOnWriteArrayList<>();
        receiver = new RawReceiver(exchange -> {
            seen.addAll(exchange.readRequest());
            exchange.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            exchange.closeNow();
        });

        Answer answer = sender.send(DestinationType.WEBHOOK, new Outbound(receiver.url(),
                Map.of("Content-Type", "application/json", "X-Klaxon-Delivery", "d-1"), "{\"title\":\"café ☕\"}"));

        assertThat(answer).isEqualTo(new Answer.Delivered(202));
        assertThat(seen.getFirst()).isEqualTo("POST /hook HTTP/1.1");
        assertThat(seen).contains("Content-Type: application/json", "X-Klaxon-Delivery: d-1");
        assertThat(seen.getLast()).isEqualTo("{\"title\":\"café ☕\"}");
    }

    @Test
    void send_shouldRetry_whenNothingListens_andRefuse_whenTheUrlIsNotHttp() {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(sender.send(DestinationType.WEBHOOK, outbound("http://127.0.0.1:" + closedPort + "/hook")))
                .isEqualTo(new Answer.Retry("ConnectException", null));
        for (String bad : List.of("ftp://example.com/hook", "mailto:ops@example.com", "/relative", "http:///nohost",
                "http://exa mple.com/")) {
            assertThat(sender.send(DestinationType.WEBHOOK, outbound(bad))).as(bad)
                    .isEqualTo(new Answer.Refused("the url is not a valid URI"));
        }
        assertThat(sender.send(DestinationType.WEBHOOK, outbound("http://127.0.0.1:1/"), Duration.ZERO))
                .isEqualTo(new Answer.Retry("no time left", null));
    }

    @Test
    void charset_shouldBeTheOneTheContentTypeNames_elseUtf8() {
        assertThat(HttpSender.charset("application/json; charset=ISO-8859-1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(HttpSender.charset("text/plain;Charset=\"utf-16\"")).isEqualTo(StandardCharsets.UTF_16);
        assertThat(HttpSender.charset("application/json")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(HttpSender.charset("text/plain; charset=no-such-charset")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(HttpSender.charset(null)).isEqualTo(StandardCharsets.UTF_8);
    }

    private record Timed(Answer answer, long tookMs) {
    }

    /** One send to the receiver within {@code timeout}, and how long the caller was held. */
    private Timed sendWithin(Duration timeout) {
        long start = System.nanoTime();
        Answer answer = sender.send(DestinationType.WEBHOOK, outbound(receiver.url()), timeout);
        return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
    }

    private static Outbound outbound(String url) {
        return new Outbound(url, Map.of("Content-Type", "application/json"), "{\"alert\":\"a1\"}");
    }
}
