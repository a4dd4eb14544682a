package io.klaxon.escalate;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalatePrimingTest {

    @Test
    void run_shouldPrimeWithoutWritingAnything_inTheProductionBeanGraph() {
        // GIVEN the production bean graph over an in-memory store holding one alert
        InMemoryAlertStore store = new InMemoryAlertStore();
        Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
        AlertService alerts = new AlertService(store, clock);
        alerts.open("a1", Fixtures.firing("signal-a1", Fixtures.T0), Fixtures.policy());
        var before = alerts.require("a1");
        try (ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                .properties(Map.of("aws.region", "us-east-1")).singletons(alerts, clock).start()) {

            // WHEN the context's priming bean runs, as SnapStart runs it before the snapshot
            boolean primed = context.getBean(EscalatePriming.class).run();

            // THEN it completed, and the store holds exactly what it held
            assertThat(primed).isTrue();
            assertThat(alerts.require("a1")).isEqualTo(before);
            assertThat(store.get(io.klaxon.snapstart.Priming.PRIMING_ALERT_ID)).isEmpty();
        }
    }
}
