package io.klaxon.slack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.klaxon.metrics.Metrics;
import io.klaxon.domain.signal.Severity;
import io.klaxon.slack.testing.AlertSamples;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack calls, errors and 429s are counted by method, through the real SDK against the stub. */
class SlackCallMetricsTest {

    private final SlackStubServer stub = SlackStubServer.start();
    private final List<String> counted = new CopyOnWriteArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void count(String name, double value, Map<String, String> dimensions) {
            counted.add(name + " " + dimensions.get("Method"));
        }

        @Override
        public void seconds(String name, double seconds, Map<String, String> dimensions) {
        }
    };

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void calls_shouldBeCountedByMethod_andAnErrorAsAnError() {
        // GIVEN a gateway over the stub, which refuses the second post
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(stub.url());
        var gateway = new SlackWebApiGateway(Slack.getInstance(config).methods("xoxb-metrics"),
                new AlertMessageRenderer(), "C0METRICS", null, SlackPacing.unpaced(), null, metrics);
        stub.respondNext("chat.postMessage", 200, "{\"ok\":true,\"channel\":\"C0METRICS\",\"ts\":\"1.1\"}")
                .failNext("chat.postMessage", "channel_not_found");

        // WHEN one post goes through and the next is refused
        gateway.post(AlertSamples.unclaimed(Severity.HIGH));
        Throwable refused = catchThrowable(() -> gateway.post(AlertSamples.unclaimed(Severity.HIGH)));

        // THEN two calls and one error are counted, for chat.postMessage
        assertThat(refused).isInstanceOf(SlackRejectedException.class);
        assertThat(counted).containsExactly("SlackCalls chat.postMessage", "SlackCalls chat.postMessage",
                "SlackErrors chat.postMessage");
    }
}
