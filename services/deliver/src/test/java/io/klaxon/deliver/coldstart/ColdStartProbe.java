package io.klaxon.deliver.coldstart;

import io.klaxon.deliver.DeliverHandler;
import io.klaxon.deliver.Destination;
import io.klaxon.deliver.DestinationType;
import io.klaxon.deliver.Destinations;
import io.klaxon.deliver.DeliverPriming;
import io.klaxon.deliver.FanOut;
import io.klaxon.deliver.LifecycleBusEvent;
import io.klaxon.domain.testing.ColdStart;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cold start of {@link DeliverHandler}: the production bean graph with the delivery ledger in memory, one
 * "Alert Opened" event as EventBridge delivers it. With an argument {@code pagerduty=URL} (what
 * {@code bench/cold-start.sh} passes: {@link ReceiverStubProcess} in a process of its own) the event pages one
 * PagerDuty destination whose Events API is that URL, so the first request includes the first send; without, no
 * destination is configured and nothing is sent. Not a test.
 */
public final class ColdStartProbe {

    private static final String EVENT = """
            {"version":"0","id":"e1","detail-type":"Alert Opened","source":"klaxon","account":"000000000000",
             "time":"2026-11-21T03:00:00Z","region":"us-east-1","resources":[],
             "detail":{"schemaVersion":"1","alertKey":"k1","alertId":"a1","version":1,"state":"UNCLAIMED",
              "actor":{"kind":"SYSTEM","id":"klaxon","name":"Klaxon"},"at":"2026-11-21T03:00:00Z","route":"default",
              "escalationLevel":0,"page":false,"title":"CPU high","severity":"HIGH","sourceKind":"cloudwatch-alarm",
              "refireCount":0,"deliveryFailing":false,"links":[]}}""";

    private static final String PAGERDUTY_ARG = "pagerduty=";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean primed = ColdStart.primed(args);
        ColdStart.measure("deliver", primed ? "primed" : "ports-in-memory", () -> {
            var builder = ApplicationContext.builder().environmentPropertySource(false)
                    .environments(ProbePorts.ENV).properties(Map.of("aws.region", "us-east-1"));
            pagerDutyUrl(args).ifPresent(url -> builder.singletons((Destinations) () -> List.of(new Destination(
                    "probe-pagerduty", DestinationType.PAGERDUTY, url, null, "R0PROBE", List.of(), Set.of(), Set.of(),
                    null))));
            ApplicationContext context = builder.start();
            DeliverHandler handler = new DeliverHandler(context);
            JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
            if (primed) {
                context.getBean(DeliverPriming.class).run();
            }
            return () -> {
                LifecycleBusEvent event = serializer.fromJson(EVENT, LifecycleBusEvent.class);
                var out = new ByteArrayOutputStream();
                serializer.toJson(handler.handleRequest(event, null), out, FanOut.Report.class);
                return out.toString(StandardCharsets.UTF_8);
            };
        });
    }

    private static Optional<String> pagerDutyUrl(String[] args) {
        return Arrays.stream(args).filter(arg -> arg.startsWith(PAGERDUTY_ARG))
                .map(arg -> arg.substring(PAGERDUTY_ARG.length())).findFirst();
    }
}
