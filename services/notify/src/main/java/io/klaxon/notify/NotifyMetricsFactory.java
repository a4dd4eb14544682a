package io.klaxon.notify;

import io.klaxon.metrics.EmfMetrics;
import io.klaxon.metrics.Metrics;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The function's own metrics, as Embedded Metric Format lines in its log (a test may bring its own). */
@Factory
class NotifyMetricsFactory {

    @Singleton
    @Requires(missingBeans = Metrics.class)
    Metrics metrics() {
        return new EmfMetrics();
    }
}
