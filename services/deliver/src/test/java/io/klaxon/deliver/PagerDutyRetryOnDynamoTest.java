package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.deliver.aws.DynamoDeliveryLedger;
import io.klaxon.deliver.send.Answers;
import io.klaxon.deliver.send.HttpSender;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PagerDuty destination whose delivery fails and is retried as Lambda retries an event: the fan-out,
 * the delivery ledger on DynamoDB Local and the HTTP sender against a PagerDuty stub on 127.0.0.1.
 */
class PagerDutyRetryOnDynamoTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("pd-retry-");

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final DestinationStub pagerDuty = new DestinationStub();
    private FanOut fanOut;

    @BeforeEach
    void fanOut() {
        var ledger = new DynamoDeliveryLedger(DYNAMODB.client(), DYNAMODB.freshTable(), Clock.systemUTC());
        var service = new DeliverService(new HttpSender(new Answers(JSON), Clock.systemUTC()),
                (d, n) -> { }, Clock.systemUTC(), pause -> { });
        fanOut = new FanOut(List.of(new Destination("pd", DestinationType.PAGERDUTY, pagerDuty.url("/v2/enqueue"),
                null, "R0UTINGKEY", List.of(), Set.of(), Set.of(), null)), service, ledger);
    }

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    @Test
    void retriedClaim_shouldOnlyAcknowledge_whenTheOpeningWasDeliveredBeforeIt() {
        // GIVEN "Alert Opened" (v1) delivered, then "Alert Claimed" (v2) answered 500 on every attempt
        fanOut.deliver(notice(LifecycleEventType.OPENED, 1));
        failEveryAttempt();
        Notice claimed = notice(LifecycleEventType.CLAIMED, 2);
        catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(claimed));

        // WHEN Lambda retries the claim
        FanOut.Report retried = fanOut.deliver(claimed);

        // THEN PagerDuty heard trigger(v1), the failed acknowledges, the retried acknowledge: no second trigger
        assertThat(retried.delivered()).containsExactly("pd");
        assertThat(actions()).containsExactly(actions("trigger", "acknowledge", DeliverService.ATTEMPTS + 2));
    }

    @Test
    void retriedResolve_shouldTriggerOnceFirst_whenItIsTheIncidentsFirstWord() {
        // GIVEN "Alert Resolved" (v3) told before anything else: its trigger gets through, the resolve fails
        pagerDuty.answerNext(202, "{\"status\":\"success\"}", Map.of());
        failEveryAttempt();
        Notice resolved = notice(LifecycleEventType.RESOLVED, 3);
        catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(resolved));

        // WHEN Lambda retries it, and the opening (v1) arrives late
        fanOut.deliver(resolved);
        FanOut.Report late = fanOut.deliver(notice(LifecycleEventType.OPENED, 1));

        // THEN the incident was triggered once, then resolved; the late opening did not re-open it
        assertThat(actions()).containsExactly(actions("trigger", "resolve", DeliverService.ATTEMPTS + 2));
        assertThat(late.skipped()).containsExactly("pd");
    }

    private void failEveryAttempt() {
        for (int i = 0; i < DeliverService.ATTEMPTS; i++) {
            pagerDuty.answerNext(500, "", Map.of());
        }
    }

    private static Notice notice(LifecycleEventType type, long version) {
        Notice n = Events.notice(type);
        LifecycleEvent e = n.event();
        return new Notice(type, new LifecycleEvent(e.schemaVersion(), e.alertKey(), e.alertId(), version, e.state(),
                e.actor(), e.at(), e.route(), e.escalationLevel(), e.page(), e.channel(), e.ts(), e.secondsToClaim(),
                e.secondsToResolve(), e.title(), e.severity(), e.sourceKind(), e.refireCount(), e.deliveryFailing(),
                e.links()), n.eventId(), n.raw());
    }

    private List<String> actions() {
        return pagerDuty.received().stream().map(r -> {
            try {
                return (String) JSON.readValue(r.body().getBytes(StandardCharsets.UTF_8),
                        Argument.mapOf(String.class, Object.class)).get("event_action");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    /** {@code first}, then {@code then} until there are {@code size} in all. */
    private static String[] actions(String first, String then, int size) {
        String[] actions = new String[size];
        java.util.Arrays.fill(actions, then);
        actions[0] = first;
        return actions;
    }
}
