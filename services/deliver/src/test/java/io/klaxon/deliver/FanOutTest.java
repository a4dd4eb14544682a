package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.klaxon.deliver.send.Answers;
import io.klaxon.deliver.send.HttpSender;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutTest {

    private final DestinationStub healthy = new DestinationStub();
    private final DestinationStub flaky = new DestinationStub();
    private final Set<String> ledger = ConcurrentHashMap.newKeySet();
    private final DeliveryLedger memory = new DeliveryLedger() {
        @Override
        public boolean delivered(String eventId, String destination) {
            return ledger.contains(eventId + "/" + destination);
        }

        @Override
        public void record(String eventId, String destination) {
            ledger.add(eventId + "/" + destination);
        }
    };
    private final DeliverService service = new DeliverService(
            new HttpSender(HttpSender.defaultClient(), new Answers(JsonMapper.createDefault()), Clock.systemUTC()),
            (d, n) -> { }, Clock.systemUTC(), pause -> { });

    @AfterEach
    void stop() {
        healthy.close();
        flaky.close();
    }

    @Test
    void retry_shouldDeliverOnlyToTheDestinationThatFailed_whenOneOfTwoWasDown() {
        // GIVEN two webhooks, one of which answers 503 to every attempt of the first invocation
        for (int i = 0; i < DeliverService.ATTEMPTS; i++) {
            flaky.answerNext(503, "", Map.of());
        }
        FanOut fanOut = new FanOut(List.of(
                new Destination("healthy", DestinationType.WEBHOOK, healthy.url("/a"), null, null, List.of(), Set.of(), Set.of(), null),
                new Destination("flaky", DestinationType.WEBHOOK, flaky.url("/b"), null, null, List.of(), Set.of(), Set.of(), null)),
                service, memory);
        Notice notice = Events.notice(LifecycleEventType.OPENED);

        // WHEN the event is delivered, fails for one, and the platform retries the whole event
        var failure = catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(notice));
        FanOut.Report retried = fanOut.deliver(notice);

        // THEN the healthy one got it once, the flaky one on the retry
        assertThat(failure.getMessage()).contains("[flaky]").contains("delivered to [healthy]");
        assertThat(healthy.received()).hasSize(1);
        assertThat(flaky.received()).hasSize(DeliverService.ATTEMPTS + 1);
        assertThat(retried.repeated()).containsExactly("healthy");
        assertThat(retried.delivered()).containsExactly("flaky");
    }
}
