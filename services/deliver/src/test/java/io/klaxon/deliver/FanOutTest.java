package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.klaxon.deliver.send.Answers;
import io.klaxon.deliver.send.HttpSender;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutTest {

    private final DestinationStub healthy = new DestinationStub();
    private final DestinationStub flaky = new DestinationStub();
    private final DeliveryLedger memory = new MemoryDeliveryLedger();
    private final List<String> counted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final io.klaxon.metrics.Metrics counting = new io.klaxon.metrics.Metrics() {
        @Override
        public void count(String name, double value, Map<String, String> dimensions) {
            counted.add(name + " " + dimensions.get("Destination"));
        }

        @Override
        public void seconds(String name, double seconds, Map<String, String> dimensions) {
        }
    };
    private final DeliverService service = new DeliverService(
            new HttpSender(new Answers(JsonMapper.createDefault()), Clock.systemUTC()),
            (d, n) -> { }, Clock.systemUTC(), pause -> { });

    @AfterEach
    void stop() {
        healthy.close();
        flaky.close();
    }

    @Test
    void pagerDuty_shouldEndAcknowledgedThenResolved_whenTheClaimIsToldBeforeTheOpening() throws Exception {
        // GIVEN a PagerDuty destination, and a claim that landed between the workflow's steps, so
        // "Alert Claimed" (version 2) reaches the bus before "Alert Opened" (version 1)
        FanOut fanOut = new FanOut(List.of(new Destination("pd", DestinationType.PAGERDUTY, healthy.url("/v2/enqueue"),
                null, "K", List.of(), Set.of(), Set.of(), null)), service, memory);
        Notice claimed = withVersion(Events.notice(LifecycleEventType.CLAIMED), 2);
        Notice opened = withVersion(Events.notice(LifecycleEventType.OPENED), 1);
        Notice resolved = withVersion(Events.notice(LifecycleEventType.RESOLVED), 3);

        // WHEN they are delivered in that order
        fanOut.deliver(claimed);
        FanOut.Report late = fanOut.deliver(opened);
        fanOut.deliver(resolved);

        // THEN the incident is triggered before its acknowledge, the late opening does not re-trigger
        // it, and it ends resolved
        assertThat(healthy.received()).extracting(r -> actionOf(r.body()))
                .containsExactly("trigger", "acknowledge", "resolve");
        assertThat(late.skipped()).containsExactly("pd");
    }

    private FanOut pagerDuty() {
        return new FanOut(List.of(new Destination("pd", DestinationType.PAGERDUTY, healthy.url("/v2/enqueue"),
                null, "K", List.of(), Set.of(), Set.of(), null)), service, memory);
    }

    private void failEveryAttempt() {
        for (int i = 0; i < DeliverService.ATTEMPTS; i++) {
            healthy.answerNext(500, "", Map.of());
        }
    }

    @Test
    void pagerDuty_shouldNotTriggerAgain_whenAClaimIsRetriedAfterTheOpeningWasDelivered() {
        // GIVEN the opening (v1) delivered, and PagerDuty failing every attempt of the claim's (v2) first try
        FanOut fanOut = pagerDuty();
        fanOut.deliver(withVersion(Events.notice(LifecycleEventType.OPENED), 1));
        failEveryAttempt();
        Notice claimed = withVersion(Events.notice(LifecycleEventType.CLAIMED), 2);
        catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(claimed));

        // WHEN the platform retries the claim
        FanOut.Report retried = fanOut.deliver(claimed);

        // THEN the incident hears one trigger, the failed acknowledges and the retried one: no second trigger
        assertThat(retried.delivered()).containsExactly("pd");
        assertThat(healthy.received()).extracting(r -> actionOf(r.body()))
                .containsExactly(expected("trigger", "acknowledge", DeliverService.ATTEMPTS + 2));
    }

    @Test
    void pagerDuty_shouldTriggerOnceBeforeTheAcknowledge_whenTheClaimIsTheFirstWordAndIsRetried() {
        // GIVEN a claim (v2) that is the first thing the incident hears (the opening not told yet):
        // its trigger gets through, its acknowledge fails every attempt
        FanOut fanOut = pagerDuty();
        healthy.answerNext(202, "{\"status\":\"success\"}", Map.of());
        failEveryAttempt();
        Notice claimed = withVersion(Events.notice(LifecycleEventType.CLAIMED), 2);
        catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(claimed));

        // WHEN the platform retries the claim
        fanOut.deliver(claimed);

        // THEN the incident was triggered once, before the acknowledges
        assertThat(healthy.received()).extracting(r -> actionOf(r.body()))
                .containsExactly(expected("trigger", "acknowledge", DeliverService.ATTEMPTS + 2));
    }

    @Test
    void pagerDuty_shouldTriggerBeforeTheAcknowledge_whenTheFirstWordsTriggerFailedAndIsRetried() {
        // GIVEN a claim (v2) as the incident's first word, whose trigger fails every attempt
        FanOut fanOut = pagerDuty();
        failEveryAttempt();
        Notice claimed = withVersion(Events.notice(LifecycleEventType.CLAIMED), 2);
        catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(claimed));

        // WHEN the platform retries the claim
        fanOut.deliver(claimed);

        // THEN the retry triggers (the incident still does not exist) and then acknowledges
        assertThat(healthy.received()).extracting(r -> actionOf(r.body()))
                .containsExactly(append(expected("trigger", "trigger", DeliverService.ATTEMPTS + 1), "acknowledge"));
    }

    @Test
    void pagerDuty_shouldTriggerBeforeTheAcknowledge_whenTheOpeningFailedAndTheClaimCameFirst() {
        // GIVEN the opening (v1) failing every attempt at PagerDuty, so the incident does not exist
        FanOut fanOut = pagerDuty();
        failEveryAttempt();
        Notice opened = withVersion(Events.notice(LifecycleEventType.OPENED), 1);
        catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(opened));

        // WHEN the claim (v2) is told before the opening's retry, and then the opening is retried
        fanOut.deliver(withVersion(Events.notice(LifecycleEventType.CLAIMED), 2));
        FanOut.Report late = fanOut.deliver(opened);

        // THEN the claim triggers the incident before acknowledging it (PagerDuty drops an acknowledge
        // for an incident it does not know), and the late opening does not re-trigger it
        assertThat(healthy.received()).extracting(r -> actionOf(r.body()))
                .containsExactly(append(expected("trigger", "trigger", DeliverService.ATTEMPTS + 1), "acknowledge"));
        assertThat(late.skipped()).containsExactly("pd");
    }

    /** {@code first}, then {@code then} until there are {@code size} actions in all. */
    private static String[] expected(String first, String then, int size) {
        String[] actions = new String[size];
        java.util.Arrays.fill(actions, then);
        actions[0] = first;
        return actions;
    }

    private static String[] append(String[] actions, String last) {
        String[] more = java.util.Arrays.copyOf(actions, actions.length + 1);
        more[actions.length] = last;
        return more;
    }

    private static Notice withVersion(Notice n, long version) {
        var e = n.event();
        return new Notice(n.type(), new io.klaxon.domain.lifecycle.LifecycleEvent(e.schemaVersion(), e.alertKey(),
                e.alertId(), version, e.state(), e.actor(), e.at(), e.route(), e.escalationLevel(), e.page(),
                e.channel(), e.ts(), e.secondsToClaim(), e.secondsToResolve(), e.title(), e.severity(),
                e.sourceKind(), e.refireCount(), e.deliveryFailing(), e.links()), n.eventId(), n.raw());
    }

    private static String actionOf(String body) {
        try {
            return (String) JsonMapper.createDefault().readValue(body, io.micronaut.core.type.Argument
                    .mapOf(String.class, Object.class)).get("event_action");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
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
                service, memory, counting);
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
        // AND each outcome was counted by destination
        assertThat(counted).containsExactly("DestinationDelivered healthy", "DestinationFailed flaky",
                "DestinationDelivered flaky");
    }

    @Test
    void deliver_shouldTellADestinationOnce_whenTheSameChangeReachesTheBusTwiceUnderTwoEventIds() {
        // GIVEN a webhook, and one change put on the bus twice (a PutEvents repeated after its answer was lost:
        // EventBridge gives each copy its own id)
        FanOut fanOut = new FanOut(List.of(new Destination("hook", DestinationType.WEBHOOK, healthy.url("/a"), null,
                null, List.of(), Set.of(), Set.of(), null)), service, memory, counting);
        Notice first = Events.notice(LifecycleEventType.OPENED);
        Notice copy = new Notice(first.type(), first.event(), first.eventId() + "-copy", first.raw());

        // WHEN both copies are delivered
        fanOut.deliver(first);
        FanOut.Report second = fanOut.deliver(copy);

        // THEN the webhook heard the change once
        assertThat(healthy.received()).hasSize(1);
        assertThat(second.repeated()).containsExactly("hook");
    }

    @Test
    void deliver_shouldGiveUpOnADestinationStillAtWorkPastTheDeadline_andReportTheOthers_whenItIgnoresTheDeadline() {
        // GIVEN an email destination whose send ignores the deadline and interrupts alike (an SDK call stuck in
        // a read without a timeout), configured before a healthy webhook, and an invocation with 1.5 s left
        CountDownLatch released = new CountDownLatch(1);
        List<String> mailing = new java.util.concurrent.CopyOnWriteArrayList<>();
        Mailer stuck = (destination, notice) -> {
            mailing.add(destination.name());
            // Stuck for 10 s at most, so that a fan-out without its backstop fails this test instead of hanging it.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (released.getCount() > 0 && System.nanoTime() < until) {
                try {
                    released.await(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ignored) {
                    // what a call that does not honour interrupts does: keeps going
                }
            }
        };
        DeliverService stuckMail = new DeliverService(
                new HttpSender(new Answers(JsonMapper.createDefault()), Clock.systemUTC()),
                stuck, Clock.systemUTC(), pause -> { });
        FanOut fanOut = new FanOut(List.of(
                new Destination("mail", DestinationType.EMAIL, null, null, null, List.of("oncall@example.com"),
                        Set.of(), Set.of(), null),
                new Destination("healthy", DestinationType.WEBHOOK, healthy.url("/a"), null, null, List.of(), Set.of(),
                        Set.of(), null)),
                stuckMail, memory, counting);
        Notice notice = Events.notice(LifecycleEventType.OPENED);
        Instant deadline = Instant.now().plusMillis(1500);

        try {
            // WHEN the event is delivered
            var failure = catchThrowableOfType(DeliveryFailedException.class, () -> fanOut.deliver(notice, deadline));
            Instant ended = Instant.now();

            // THEN the fan-out stops waiting for the stuck send a grace after the deadline, not when it ends
            assertThat(mailing).containsExactly("mail");
            assertThat(ended).isAfterOrEqualTo(deadline.plus(FanOut.GRACE).minusMillis(100))
                    .isBefore(deadline.plus(FanOut.GRACE).plus(Duration.ofSeconds(2)));
            // AND reports it failed (so the platform retries the event) and the webhook delivered
            assertThat(failure.getMessage()).contains("not yet delivered to [mail]; delivered to [healthy]");
            assertThat(healthy.received()).hasSize(1);
            // AND the retry tries the mail again, not the webhook that took the event
            assertThat(memory.delivered(notice.changeKey(), "mail")).isFalse();
            assertThat(memory.delivered(notice.changeKey(), "healthy")).isTrue();
            assertThat(counted).containsExactlyInAnyOrder("DestinationDelivered healthy", "DestinationFailed mail");
        } finally {
            released.countDown();
        }
    }
}
