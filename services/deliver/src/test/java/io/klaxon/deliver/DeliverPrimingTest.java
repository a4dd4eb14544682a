package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;


import io.klaxon.deliver.coldstart.ProbePorts;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliverPrimingTest {

    @Test
    void run_shouldDecodeTheSampleEventAndRecordNothing_inTheProductionBeanGraph() {
        // GIVEN the production bean graph with the ledger in memory
        try (ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                .environments(ProbePorts.ENV).properties(Map.of("aws.region", "us-east-1")).start()) {
            DeliveryLedger ledger = context.getBean(DeliveryLedger.class);
            assertThat(ledger).isInstanceOf(MemoryDeliveryLedger.class);

            // WHEN the priming bean runs
            boolean primed = context.getBean(DeliverPriming.class).run();

            // THEN it completed (its event JSON decodes as a LifecycleBusEvent) and nothing was recorded
            assertThat(primed).isTrue();
            assertThat(ledger.delivered(io.klaxon.snapstart.Priming.PRIMING_ALERT_ID, "klaxon-snapstart-priming")).isFalse();
            assertThat(ledger.latestVersion(io.klaxon.snapstart.Priming.PRIMING_ALERT_ID, "klaxon-snapstart-priming"))
                    .as("no version taken").isEqualTo(-1);
        }
    }
}
