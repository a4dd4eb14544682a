package io.klaxon.notify.coldstart;

import io.klaxon.aws.AwsFactory;
import io.klaxon.domain.port.CallBudget;
import io.klaxon.domain.port.RenderLedger;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/** The probe's Slack pacing in memory, in place of the DynamoDB budget and render ledger (no network in init). */
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
}
