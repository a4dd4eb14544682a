package io.klaxon.ingest;

import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.ingest.testing.RecordingPublisher;
import io.klaxon.ingest.testing.TestPorts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestHandlerTest {

    private ApplicationContext context;
    private IngestHandler handler;

    @BeforeEach
    void start() {
        context = ApplicationContext.run(TestPorts.ENV);
        handler = new IngestHandler(context);
    }

    @AfterEach
    void stop() {
        handler.close();
        context.close();
    }

    @Test
    void handleRequest_shouldPublishAndAnswerOutcome_whenSnsEventArrives() throws IOException {
        // GIVEN the SNS Lambda event of the seed alarm
        var output = new ByteArrayOutputStream();

        // WHEN
        handler.handleRequest(stream(read("sns-cloudwatch/seed-blog-lambda-test-event.json")), output, null);

        // THEN
        IngestOutcome outcome = context.getBean(ObjectMapper.class).readValue(output.toByteArray(), IngestOutcome.class);
        assertThat(outcome.published()).isEqualTo(1);
        assertThat(((RecordingPublisher) context.getBean(EventPublisher.class)).events()).hasSize(1);
    }

    @Test
    void handleRequest_shouldFailWithUnreadableInput_whenEventIsNotJson() {
        // GIVEN / WHEN / THEN the Lambda error type the on-failure destination records
        assertThatThrownBy(() -> handler.handleRequest(stream("<html>"), new ByteArrayOutputStream(), null))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("input is not JSON");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
