package io.klaxon.deliver.coldstart;

import io.klaxon.deliver.DeliverHandler;
import io.klaxon.deliver.DeliverPriming;
import io.klaxon.deliver.DeliveryLedger;
import io.klaxon.deliver.FanOut;
import io.klaxon.deliver.LifecycleBusEvent;
import io.klaxon.domain.testing.ColdStart;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cold start of {@link DeliverHandler}: the production bean graph with the delivery ledger in memory
 * and no destinations configured (sending is network time, not init), one "Alert Opened" event as
 * EventBridge delivers it. Not a test: {@code bench/cold-start.sh} runs it.
 */
public final class ColdStartProbe {

    private static final String EVENT = """
            {"version":"0","id":"e1","detail-type":"Alert Opened","source":"klaxon","account":"000000000000",
             "time":"2026-11-21T03:00:00Z","region":"us-east-1","resources":[],
             "detail":{"schemaVersion":"1","alertKey":"k1","alertId":"a1","version":1,"state":"UNCLAIMED",
              "actor":{"kind":"SYSTEM","id":"klaxon","name":"Klaxon"},"at":"2026-11-21T03:00:00Z","route":"default",
              "escalationLevel":0,"page":false,"title":"CPU high","severity":"HIGH","sourceKind":"cloudwatch-alarm",
              "refireCount":0,"deliveryFailing":false,"links":[]}}""";

    private ColdStartProbe() {
    }

    /** The ledger in memory, in place of the DynamoDB one. */
    public static final class MemoryLedger implements DeliveryLedger {
        private final Set<String> done = ConcurrentHashMap.newKeySet();
        private final Map<String, Long> versions = new ConcurrentHashMap<>();

        @Override
        public boolean delivered(String eventId, String destination) {
            return done.contains(eventId + "/" + destination);
        }

        @Override
        public void record(String eventId, String destination) {
            done.add(eventId + "/" + destination);
        }

        @Override
        public long latestVersion(String alertId, String destination) {
            return versions.getOrDefault(alertId + "/" + destination, 0L);
        }

        @Override
        public long takeVersion(String alertId, String destination, long version) {
            Long before = versions.put(alertId + "/" + destination, version);
            return before == null ? 0L : before;
        }

        @Override
        public boolean opened(String alertId, String destination) {
            return done.contains("opened#" + alertId + "/" + destination);
        }

        @Override
        public void recordOpened(String alertId, String destination) {
            done.add("opened#" + alertId + "/" + destination);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean primed = ColdStart.primed(args);
        ColdStart.measure("deliver", primed ? "primed" : "ports-in-memory", () -> {
            ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                    .environments(ProbePorts.ENV).properties(Map.of("aws.region", "us-east-1")).start();
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
}
