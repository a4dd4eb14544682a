package io.klaxon.local.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LimitedSlackTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private LimitedSlack slack;

    @BeforeEach
    void start() {
        slack = LimitedSlack.start(clock);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void postMessage_shouldAnswer429WithRetryAfter_whenAChannelGetsMoreThanItsBurstInOneSecond() throws Exception {
        // GIVEN three posts to one channel at the same instant (Slack's short burst)
        for (int i = 0; i < 3; i++) {
            assertThat(call("chat.postMessage", Map.of("channel", "C1", "text", "m" + i)).statusCode()).isEqualTo(200);
        }

        // WHEN a fourth comes at once, and one to another channel
        HttpResponse<String> fourth = call("chat.postMessage", Map.of("channel", "C1", "text", "m3"));
        HttpResponse<String> elsewhere = call("chat.postMessage", Map.of("channel", "C2", "text", "other"));

        // THEN the fourth is told 429 with Retry-After in whole seconds; the other channel has its own budget
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Retry-After")).contains("1");
        assertThat(fourth.body()).contains("ratelimited");
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(slack.messages()).hasSize(4);
    }

    @Test
    void calls_shouldCountAsEarly_whenTheyArriveBeforeTheRetryAfterTheyWereGivenExpired() throws Exception {
        // GIVEN a channel told 429, Retry-After: 1
        for (int i = 0; i < 4; i++) {
            call("chat.postMessage", Map.of("channel", "C1", "text", "m" + i));
        }
        assertThat(slack.calls()).filteredOn(c -> c.status() == 429).hasSize(1);

        // WHEN a post comes half a second later, then another once the second has passed
        clock.advance(Duration.ofMillis(500));
        HttpResponse<String> tooSoon = call("chat.postMessage", Map.of("channel", "C1", "text", "soon"));
        clock.advance(Duration.ofMillis(600));
        HttpResponse<String> afterwards = call("chat.postMessage", Map.of("channel", "C1", "text", "later"));

        // THEN the first is refused again and counted early; the second is taken
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(afterwards.statusCode()).isEqualTo(200);
        assertThat(slack.calls()).filteredOn(LimitedSlack.Call::early).singleElement()
                .satisfies(c -> assertThat(c.at()).isEqualTo(Instant.parse("2026-11-24T12:00:00.500Z")));
    }

    @Test
    void update_shouldEditTheKeptMessage_andBeLimitedPerWorkspace_whenBurstsExceedTier3() throws Exception {
        // GIVEN a posted message
        String ts = com.google.gson.JsonParser.parseString(call("chat.postMessage",
                Map.of("channel", "C1", "text", "first", "blocks", "[{\"type\":\"section\"}]")).body())
                .getAsJsonObject().get("ts").getAsString();

        // WHEN it is edited 11 times at once (Tier 3: a burst of 10 per workspace)
        int refused = 0;
        for (int i = 0; i < 11; i++) {
            HttpResponse<String> r = call("chat.update", Map.of("channel", "C1", "ts", ts, "text", "edit" + i));
            refused += r.statusCode() == 429 ? 1 : 0;
        }

        // THEN ten edits are taken, the eleventh is told 429, and the message keeps the last edit taken
        assertThat(refused).isEqualTo(1);
        assertThat(slack.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("edit9");
            assertThat(m.blocks()).contains("section");
        });
    }

    @Test
    void update_shouldBeMarkedUnchanged_whenItSetsTheTextAndBlocksTheMessageHasAlready() throws Exception {
        // GIVEN a posted message
        String ts = com.google.gson.JsonParser.parseString(call("chat.postMessage",
                Map.of("channel", "C1", "text", "first", "blocks", "[{\"type\":\"section\"}]")).body())
                .getAsJsonObject().get("ts").getAsString();

        // WHEN it is edited, the same edit is sent again, then another
        call("chat.update", Map.of("channel", "C1", "ts", ts, "text", "claimed", "blocks", "[{\"type\":\"divider\"}]"));
        call("chat.update", Map.of("channel", "C1", "ts", ts, "text", "claimed", "blocks", "[{\"type\":\"divider\"}]"));
        call("chat.update", Map.of("channel", "C1", "ts", ts, "text", "resolved", "blocks", "[{\"type\":\"divider\"}]"));

        // THEN only the repeat is marked as changing nothing
        assertThat(slack.calls()).filteredOn(c -> c.method().equals("chat.update"))
                .extracting(LimitedSlack.Call::unchanged).containsExactly(false, true, false);
    }

    @Test
    void faults_shouldFailTheirShareOfCalls_eachWayOnce_andKeepPostsWhoseAnswerWasLost_whenPlayed() throws Exception {
        // GIVEN a Slack failing every call (each fault equally likely), posts spread over channels so no limit applies
        slack.close();
        slack = LimitedSlack.start(clock, new LimitedSlack.Faults(1, 42));

        // WHEN 60 posts are sent
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int i = 0; i < 60; i++) {
            String outcome;
            try {
                HttpResponse<String> r = call("chat.postMessage", Map.of("channel", "C" + i, "text", "m" + i));
                outcome = r.statusCode() + " " + com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject()
                        .get("error").getAsString();
            } catch (java.io.IOException noAnswer) {
                outcome = "no answer";
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }

        // THEN every call met a fault of the three kinds; only those whose answer was lost were posted
        assertThat(outcomes.keySet()).containsExactly("500 internal_error", "503 service_unavailable", "no answer");
        assertThat(slack.calls()).extracting(LimitedSlack.Call::fault).doesNotContainNull();
        long lost = slack.calls().stream().filter(c -> c.fault() == LimitedSlack.Fault.ANSWER_LOST).count();
        assertThat(outcomes.get("no answer")).isEqualTo((int) lost);
        assertThat(slack.messages()).hasSize((int) lost);
    }

    @Test
    void faults_shouldFailAboutTheirShare_whenAFractionIsGiven() throws Exception {
        // GIVEN a Slack failing a fifth of its calls
        slack.close();
        slack = LimitedSlack.start(clock, new LimitedSlack.Faults(0.2, 7));

        // WHEN 200 calls are made (auth.test: no limit, no effect)
        for (int i = 0; i < 200; i++) {
            try {
                call("auth.test", Map.of());
            } catch (java.io.IOException noAnswer) {
                // an answer lost on purpose
            }
        }

        // THEN about a fifth met a fault (seeded: the same every run)
        assertThat(slack.calls()).filteredOn(c -> c.fault() != null).hasSizeBetween(25, 55);
    }

    private HttpResponse<String> call(String method, Map<String, String> params) throws Exception {
        String form = new LinkedHashMap<>(params).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(slack.url() + method))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
