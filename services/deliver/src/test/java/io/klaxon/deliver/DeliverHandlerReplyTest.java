package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.deliver.coldstart.ProbePorts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler's reply as the Lambda runtime encodes it: with the serializer the jar registers. */
class DeliverHandlerReplyTest {

    private static final String EVENT = """
            {"version":"0","id":"e1","detail-type":"Alert Opened","source":"klaxon","time":"2026-11-21T03:00:00Z",
             "detail":{"schemaVersion":"1","alertKey":"k1","alertId":"a1","version":1,"state":"UNCLAIMED",
              "actor":{"kind":"SYSTEM","id":"klaxon","name":"Klaxon"},"at":"2026-11-21T03:00:00Z",
              "escalationLevel":0,"page":false,"title":"CPU high","severity":"HIGH","sourceKind":"cloudwatch-alarm",
              "refireCount":0,"deliveryFailing":false}}""";

    @Test
    void handleRequest_shouldAnswerAReportTheRuntimeCanEncode_whenNoDestinationIsConfigured() throws Exception {
        // GIVEN the production bean graph (ledger in memory, no destinations) and the runtime's serializer
        try (ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                .environments(ProbePorts.ENV).properties(Map.of("aws.region", "us-east-1")).start()) {
            var serializer = new JsonMapperCustomPojoSerializer();
            LifecycleBusEvent event = serializer.fromJson(EVENT, LifecycleBusEvent.class);

            // WHEN the handler answers the event and the runtime encodes the reply
            FanOut.Report report = new DeliverHandler(context).handleRequest(event, null);
            var out = new ByteArrayOutputStream();
            serializer.toJson(report, out, FanOut.Report.class);

            // THEN the reply is the report's JSON (nothing was delivered: the serializer leaves empty lists out)
            assertThat(report.delivered()).isEmpty();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{}");
        }
    }
}
