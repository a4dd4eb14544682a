package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.local.cli.SlackClick;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.testing.SlackStubServer;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "clicks wait on Slack": through the same doors as a user (signed clicks on
 * {@code /slack/actions}, {@code GET /health}), with Slack hanging. A click is answered within Slack's
 * 3 seconds whatever Slack does, and each person whose click lost is told once, after Slack recovers,
 * through their click's response_url.
 */
class LocalRuntimeClicksTest {

    private static final String SECRET = "clicks-signing-secret";
    private static final Duration SLACK_ACK = Duration.ofSeconds(3);
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int LOSERS = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static SlackStubServer slack;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        slack = SlackStubServer.start();
        runtime = LocalRuntime.start(new LocalConfig(0, "xoxb-clicks", SECRET, slack.url(), "", "C0CLICKS", 300, 3600,
                "U0ONCALL", System.getenv().getOrDefault("KLAXON_NODE", "node"), LocalConfig.home(null)));
    }

    @AfterAll
    static void stop() {
        if (slack != null) {
            slack.recover();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void losingClicks_shouldBeAckedWithin3sAndToldOnceEach_whenSlackHangs() throws Exception {
        // GIVEN an alert alice has claimed, its workflow parked waiting for a resolve
        String alarm = LocalRuntimeEndToEndTest.sample("alerta-http-alarm-s3-bucket.json")
                .replace("bucketbytesAlarm", "bucketbytesClicks")
                .replace("e288882d-4281-5be4-8fde-dccc11c8cb01", "clicks-test-fire");
        assertThat(LocalRuntimeEndToEndTest.post(runtime, "/sns", "application/json", alarm, null).statusCode())
                .isEqualTo(200);
        String alertKey = "arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesClicks";
        Alert posted = poll(() -> runtime.alerts().findOpen(alertKey).filter(a -> a.hasMessage() && a.taskToken() != null));
        assertThat(click("UALICE", posted.version(), posted, slack.responseUrl("alice")).statusCode()).isEqualTo(200);
        Alert claimed = poll(() -> runtime.alerts().get(posted.alertId())
                .filter(a -> a.state() == AlertState.CLAIMED && a.taskToken() != null));

        // AND Slack hanging: every Web API call and response_url post is held for 20 s
        slack.hang(Duration.ofSeconds(20));

        // WHEN 10 people click Claim on the message they still see (version 1) at the same moment,
        // while /health is asked throughout
        AtomicBoolean clicking = new AtomicBoolean(true);
        List<Long> healthMillis = new ArrayList<>();
        List<Integer> healthStatus = new ArrayList<>();
        List<Long> ackMillis = new ArrayList<>();
        List<Integer> ackStatus = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(LOSERS + 1)) {
            var health = pool.submit(() -> {
                do {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/health")).timeout(SLACK_ACK).GET()
                            .build(), HttpResponse.BodyHandlers.ofString());
                    synchronized (healthStatus) {
                        healthStatus.add(r.statusCode());
                        healthMillis.add((System.nanoTime() - t0) / 1_000_000);
                    }
                } while (clicking.get());
                return null;
            });
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> clicks = new ArrayList<>();
            for (int i = 0; i < LOSERS; i++) {
                String user = "U0LOSER" + i;
                String responseUrl = slack.responseUrl("loser-" + i);
                clicks.add(pool.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    int status = click(user, posted.version(), posted, responseUrl).statusCode();
                    return new long[] {status, (System.nanoTime() - t0) / 1_000_000};
                }));
            }
            go.countDown();
            for (Future<long[]> f : clicks) {
                long[] r = f.get(30, TimeUnit.SECONDS);
                ackStatus.add((int) r[0]);
                ackMillis.add(r[1]);
            }
            // AND one of them clicks again on the same version, Slack still hanging
            long t0 = System.nanoTime();
            int again = click("U0LOSER0", posted.version(), posted, slack.responseUrl("loser-0-again")).statusCode();
            long againMillis = (System.nanoTime() - t0) / 1_000_000;
            clicking.set(false);
            health.get(30, TimeUnit.SECONDS);

            // THEN every click was acknowledged with 200 within Slack's 3 s, and /health answered 200 throughout
            long maxAck = ackMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("losing clicks with Slack hanging: %d acks, max %d ms (second click %d ms); "
                            + "/health %d answers, max %d ms%n", ackMillis.size(), maxAck, againMillis,
                    healthMillis.size(), healthMillis.stream().mapToLong(Long::longValue).max().orElse(-1));
            assertThat(ackStatus).hasSize(LOSERS).containsOnly(200);
            assertThat(ackMillis).allSatisfy(ms -> assertThat(ms).isLessThan(SLACK_ACK.toMillis()));
            assertThat(again).isEqualTo(200);
            assertThat(againMillis).isLessThan(SLACK_ACK.toMillis());
            assertThat(healthStatus).isNotEmpty().containsOnly(200);
        }
        // AND nobody was told yet: Slack took nothing while it hung
        assertThat(slack.responses()).isEmpty();

        // WHEN Slack recovers
        slack.recover();

        // THEN each of the 10 is told exactly once, through their own click's response_url
        for (int i = 0; i < LOSERS; i++) {
            String name = "loser-" + i;
            poll(() -> Optional.of(slack.responses(name)).filter(r -> !r.isEmpty()));
        }
        for (int i = 0; i < LOSERS; i++) {
            var told = slack.responses("loser-" + i);
            assertThat(told).as("loser-" + i).hasSize(1);
            assertThat(told.getFirst().param("response_type")).isEqualTo("ephemeral");
            assertThat(told.getFirst().param("replace_original")).isEqualTo("false");
            assertThat(told.getFirst().param("text")).isNotBlank();
        }
        // AND the second click on the same version added no second note, and nobody got an ephemeral
        assertThat(slack.responses("loser-0-again")).isEmpty();
        assertThat(slack.requests("chat.postEphemeral")).isEmpty();
        // AND the claim stands, the workflow still waiting for alice's resolve
        assertThat(runtime.alerts().get(claimed.alertId()).orElseThrow().owner().id()).isEqualTo("UALICE");
    }

    private static HttpResponse<String> click(String userId, long version, Alert alert, String responseUrl)
            throws Exception {
        var click = new SlackClick(AlertAction.CLAIM, alert.alertId(), version, alert.channel(), alert.messageTs(),
                userId, userId.toLowerCase(), responseUrl);
        HttpRequest signed = click.signedRequest(uri("/slack/actions"), SECRET, Instant.now(), JsonMapper.createDefault());
        return HTTP.send(HttpRequest.newBuilder(signed, (n, v) -> true).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.port() + path);
    }

    private static <T> T poll(java.util.function.Supplier<Optional<T>> probe) {
        return Polling.await(DEADLINE, probe, () -> "Slack took " + slack.requests().stream()
                .map(SlackStubServer.Request::method).toList() + "; held while hanging: " + slack.heldRequests().size());
    }
}
