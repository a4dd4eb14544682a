package io.klaxon.local;

import static io.klaxon.local.LocalRuntimeEndToEndTest.post;
import static io.klaxon.local.LocalRuntimeEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.ingest.IngestService;
import io.klaxon.ingest.Normalizer;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A signal another request is still publishing, posted to {@code /sns}: busy (send again), never a 500 or a drop. */
class LocalRuntimeIngestInFlightTest {

    @RegisterExtension
    static final LocalRuntimeFixture.Stack STACK = new LocalRuntimeFixture.Stack(
            slack -> LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, 300)));

    @Test
    void sns_shouldAnswer503_whenAnotherRequestIsStillPublishingTheSameSignal() throws Exception {
        // GIVEN another request's unconfirmed mark on the alarm's signal, within its lease
        String body = sample("alerta-http-alarm-s3-bucket.json");
        Instant now = Instant.now();
        String mark = IngestService.dedupKey(new Normalizer().normalize(body, now).signals().getFirst());
        STACK.runtime().alerts().markSignal(mark, "another-request", now, now.plusSeconds(60), now.plusSeconds(3600));

        // WHEN SNS delivers it
        HttpResponse<String> answer = post(STACK.runtime(), "/sns", "application/json", body, null);

        // THEN the sender is told to send it again, and why
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.body()).contains("is being published by an earlier delivery");
    }
}
