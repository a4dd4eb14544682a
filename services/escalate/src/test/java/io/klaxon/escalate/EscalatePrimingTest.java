package io.klaxon.escalate;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.testing.PrimingWorld;
import io.klaxon.snapstart.Priming;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalatePrimingTest {

    @Test
    void run_shouldPrimeWithoutWritingAnything_inTheProductionBeanGraph() {
        // GIVEN the production bean graph over an in-memory store holding one alert
        PrimingWorld world = new PrimingWorld();

        // WHEN the context's priming bean runs, as SnapStart runs it before the snapshot
        boolean primed = world.prime(Map.of("aws.region", "us-east-1"),
                context -> context.getBean(EscalatePriming.class).run());

        // THEN it completed, and the store holds exactly what it held
        assertThat(primed).isTrue();
        assertThat(world.alerts.require("a1")).isEqualTo(world.before);
        assertThat(world.store.get(Priming.PRIMING_ALERT_ID)).isEmpty();
    }
}
