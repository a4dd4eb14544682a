package io.klaxon.domain.testing;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.service.AlertService;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a function's SnapStart priming test needs to show that priming writes nothing: an in-memory
 * store holding one open alert ({@link #before}, as it was), and the function's production bean
 * graph started over that store to run the priming bean in.
 */
public final class PrimingWorld {

    public final InMemoryAlertStore store = new InMemoryAlertStore();
    public final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    public final AlertService alerts = new AlertService(store, clock);
    /** Alert {@code a1} as the store held it before priming. */
    public final Alert before;

    public PrimingWorld() {
        alerts.open("a1", Fixtures.firing("signal-a1", Fixtures.T0), Fixtures.policy());
        before = alerts.require("a1");
    }

    /**
     * Starts the function's context with these properties only (no environment variables) and this
     * world's alert service and clock as singletons, runs {@code priming} in it, and closes it.
     *
     * @param priming runs the context's priming bean, e.g. {@code c -> c.getBean(NotifyPriming.class).run()}
     * @return what the priming run answered (whether it completed)
     */
    public boolean prime(Map<String, Object> properties, Predicate<ApplicationContext> priming) {
        try (ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                .properties(properties).singletons(alerts, clock).start()) {
            return priming.test(context);
        }
    }
}
