package io.klaxon.ingest;

import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.serde.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler as the Lambda runtime builds it: no-arg constructor, the real factories (DynamoDB store,
 * EventBridge publisher). Only inputs that need neither are sent, so no network or credentials are used.
 */
class ProductionWiringTest {

    @BeforeEach
    void region() {
        // Lambda sets AWS_REGION; the SDK clients are built (not called) with it
        System.setProperty("aws.region", "eu-west-1");
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.region");
    }

    @Test
    void noArgHandler_shouldAnswerConfirmation_whenBuiltFromTheProductionBeanGraph() throws IOException {
        // GIVEN the handler the runtime instantiates
        try (IngestHandler handler = new IngestHandler()) {
            var output = new ByteArrayOutputStream();

            // WHEN an SNS subscription confirmation arrives (no store, no bus involved)
            handler.handleRequest(new ByteArrayInputStream(read("sns-other/alerta-http-subscription-confirmation.json")
                    .getBytes(StandardCharsets.UTF_8)), output, null);

            // THEN
            IngestOutcome outcome = ObjectMapper.getDefault().readValue(output.toByteArray(), IngestOutcome.class);
            assertThat(outcome.confirmation()).isNotNull();
            assertThat(outcome.confirmation().topicArn()).isEqualTo("arn:aws:sns:eu-west-1:1234567890:alerta-test");
            assertThat(outcome.published()).isZero();
        }
    }

    @Test
    void noArgHandler_shouldReportIgnoredItem_whenConfigurationChangeArrives() throws IOException {
        // GIVEN
        try (IngestHandler handler = new IngestHandler()) {
            var output = new ByteArrayOutputStream();

            // WHEN
            handler.handleRequest(new ByteArrayInputStream(read("eventbridge-cloudwatch/config-change-composite-create.json")
                    .getBytes(StandardCharsets.UTF_8)), output, null);

            // THEN
            IngestOutcome outcome = ObjectMapper.getDefault().readValue(output.toByteArray(), IngestOutcome.class);
            assertThat(outcome.ignored()).isEqualTo(1);
            assertThat(outcome.ignoredItems()).singleElement().satisfies(i -> assertThat(i.reason()).contains("not a state transition"));
        }
    }
}
