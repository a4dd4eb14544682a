package io.klaxon.deliver;

import com.amazonaws.services.lambda.runtime.Context;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Lambda target of the rule for lifecycle events: mirrors each to the destinations that hear it.
 * Anything that is not a Klaxon lifecycle event is refused with a clear error (it would go to the
 * dead-letter queue, not silently nowhere).
 */
public class DeliverHandler extends MicronautRequestHandler<LifecycleBusEvent, FanOut.Report> {

    @Inject
    FanOut fanOut;

    @Inject
    JsonMapper json;

    @Inject
    LifecycleMetrics metrics;

    @Inject
    Clock clock;

    public DeliverHandler() {
        super();
    }

    public DeliverHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public FanOut.Report execute(LifecycleBusEvent event) {
        LifecycleEvent detail = event == null ? null : event.detail();
        try (var log = LogContext.invocation().alertId(detail == null ? null : detail.alertId())
                .alertKey(detail == null ? null : detail.alertKey())) {
            return fanOut(event);
        }
    }

    private FanOut.Report fanOut(LifecycleBusEvent event) {
        if (event == null || event.detail() == null || event.id() == null) {
            throw new IllegalArgumentException("expected an EventBridge event with a lifecycle event in detail");
        }
        if (!BusContract.SOURCE.equals(event.source())) {
            throw new IllegalArgumentException("expected source '" + BusContract.SOURCE + "', got '" + event.source()
                    + "' (event id " + event.id() + ")");
        }
        LifecycleEventType type = LifecycleEventType.fromDetailType(event.detailType());
        String raw;
        try {
            raw = json.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-encode event " + event.id(), e);
        }
        Notice notice = new Notice(type, event.detail(), event.id(), raw);
        metrics.record(notice);
        return fanOut.deliver(notice, InvocationDeadline.of(clock.instant(), remainingTime()));
    }

    /**
     * The invocation's remaining time, from the Lambda Context that {@code handleRequest} registers in the
     * application context before it calls {@link #execute} (Micronaut's {@code LambdaContextFactory});
     * null when invoked without one (the local runtime).
     */
    private Duration remainingTime() {
        return getApplicationContext().findBean(Context.class)
                .map(lambda -> Duration.ofMillis(lambda.getRemainingTimeInMillis())).orElse(null);
    }
}
