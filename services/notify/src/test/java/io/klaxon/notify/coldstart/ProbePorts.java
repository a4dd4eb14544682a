package io.klaxon.notify.coldstart;

import io.klaxon.aws.AwsFactory;
import io.klaxon.domain.port.CallBudget;
import io.klaxon.domain.port.RenderLedger;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.storm.Storm;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The probe's Slack pacing and storm watch in memory, in place of their DynamoDB stores (no network in init). */
@Factory
@Requires(env = ProbePorts.ENV)
public class ProbePorts {

    public static final String ENV = "cold-start-probe";

    @Singleton
    @Replaces(bean = CallBudget.class, factory = AwsFactory.class)
    CallBudget callBudget() {
        return new CallBudget() {
            @Override
            public Slot take(String key, Rate rate, Duration maxWait) {
                return Slot.now();
            }

            @Override
            public void holdOff(String key, Instant until) {
            }

            @Override
            public Instant heldUntil(String key) {
                return Instant.EPOCH;
            }
        };
    }

    @Singleton
    @Replaces(bean = RenderLedger.class, factory = AwsFactory.class)
    RenderLedger renderLedger() {
        return new RenderLedger() {
            @Override
            public long claimed(String channel, String ts) {
                return -1;
            }

            @Override
            public boolean claim(String channel, String ts, long revision) {
                return true;
            }
        };
    }

    /** One alert never makes a storm: the probe's route stays calm, with no DynamoDB behind it. */
    @Singleton
    @Replaces(bean = StormWatch.class, factory = AwsFactory.class)
    StormWatch stormWatch() {
        return new StormWatch() {
            @Override
            public Opens recordOpen(String route, String alertId, Instant openedAt, Duration window) {
                return new Opens(1, true);
            }

            @Override
            public int countOpens(String route, Instant now, Duration window) {
                return 1;
            }

            @Override
            public Optional<Storm> current(String route) {
                return Optional.empty();
            }

            @Override
            public Optional<Storm> get(String stormId) {
                return Optional.empty();
            }

            @Override
            public Storm enter(String route, String stormId, Instant at) {
                throw calm();
            }

            @Override
            public void join(String stormId, String alertId) {
                throw calm();
            }

            @Override
            public void leave(String stormId, String alertId) {
                throw calm();
            }

            @Override
            public List<String> members(String stormId) {
                return List.of();
            }

            @Override
            public long revisionFor(String stormId, String alertId, long alertRevision) {
                throw calm();
            }

            @Override
            public long newestRevision(String stormId) {
                throw calm();
            }

            @Override
            public Storm recordMessage(String stormId, String channel, String ts) {
                throw calm();
            }

            @Override
            public Optional<Instant> recordPostIntent(String stormId, Instant at) {
                throw calm();
            }

            @Override
            public void forgetPostIntent(String stormId, Instant at) {
                throw calm();
            }

            @Override
            public boolean takeOverPostIntent(String stormId, Instant expected, Instant now) {
                throw calm();
            }

            @Override
            public long nextRevision(String stormId) {
                throw calm();
            }

            @Override
            public boolean end(String stormId, Instant at) {
                throw calm();
            }

            private UnsupportedOperationException calm() {
                return new UnsupportedOperationException("the cold-start probe has no storm");
            }
        };
    }
}
