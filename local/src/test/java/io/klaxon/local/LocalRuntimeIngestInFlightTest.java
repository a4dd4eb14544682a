package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.ingest.IngestService;
import io.klaxon.ingest.Normalizer;
import io.klaxon.slack.testing.SlackStubServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A signal another request is still publishing, posted to {@code /sns}: busy (send again), never a 500 or a drop. */
class LocalRuntimeIngestInFlightTest {

    private static SlackStubServer slack;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        slack = SlackStubServer.start();
        runtime = LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, 300));
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

    @Test
    void sns_shouldAnswer503_whenAnotherRequestIsStillPublishingTheSameSignal() throws Exception {
        // GIVEN another request's unconfirmed mark on the alarm's signal, within its lease
        String body = sample("alerta-http-alarm-s3-bucket.json");
        Instant now = Instant.now();
        String mark = IngestService.dedupKey(new Normalizer().normalize(body, now).signals().getFirst());
        runtime.alerts().markSignal(mark, "another-request", now, now.plusSeconds(60), now.plusSeconds(3600));

        // WHEN SNS delivers it
        HttpResponse<String> answer = post(runtime, "/sns", "application/json", body, null);

        // THEN the sender is told to send it again, and why
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.body()).contains("is being published by an earlier delivery");
    }
}
