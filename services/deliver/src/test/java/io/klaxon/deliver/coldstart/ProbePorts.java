package io.klaxon.deliver.coldstart;

import io.klaxon.deliver.DeliverFactory;
import io.klaxon.deliver.DeliveryLedger;
import io.klaxon.deliver.MemoryDeliveryLedger;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The probe's delivery ledger in memory, in place of the DynamoDB one (no network in init). */
@Factory
@Requires(env = ProbePorts.ENV)
public class ProbePorts {

    public static final String ENV = "cold-start-probe";

    @Singleton
    @Replaces(bean = DeliveryLedger.class, factory = DeliverFactory.class)
    DeliveryLedger ledger() {
        return new MemoryDeliveryLedger();
    }
}
