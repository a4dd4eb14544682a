package io.klaxon.metrics;

import java.util.Map;

/**
 * Klaxon's own metrics: counts and durations with a few dimensions, in the stack's namespace
 * ({@link MetricsNamespace}; {@value #NAMESPACE} where none is configured).
 * The production implementation writes CloudWatch Embedded Metric Format ({@link EmfMetrics}).
 */
public interface Metrics {

    /** The namespace where none is configured (locally). */
    String NAMESPACE = "Klaxon";

    /** Records nothing: for code paths and tests that have no use for metrics. */
    Metrics NONE = new Metrics() {
        @Override
        public void count(String name, double value, Map<String, String> dimensions) {
        }

        @Override
        public void seconds(String name, double seconds, Map<String, String> dimensions) {
        }
    };

    /**
     * @param dimensions at most a few, low-cardinality (route, severity, function): each distinct set
     *                   is its own CloudWatch metric
     */
    void count(String name, double value, Map<String, String> dimensions);

    void seconds(String name, double seconds, Map<String, String> dimensions);
}
