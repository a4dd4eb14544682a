package io.klaxon.metrics;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.exception.EMFClientException;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Writes each metric as one Embedded Metric Format line on stdout, where Lambda's log group turns it
 * into a CloudWatch metric (no PutMetricData call, no added latency, nothing to grant). The library's
 * Lambda environment is used everywhere: locally the same line is simply a log line, and the
 * library's own detection (which probes ECS and EC2 endpoints) is never run.
 */
public final class EmfMetrics implements Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);

    private final LambdaEnvironment environment = new LambdaEnvironment();
    private final MetricsNamespace namespace;

    /** In the namespace the process environment names ({@link MetricsNamespace#fromEnvironment}). */
    public EmfMetrics() {
        this(MetricsNamespace.fromEnvironment(System.getenv()));
    }

    public EmfMetrics(MetricsNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public void count(String name, double value, Map<String, String> dimensions) {
        emit(name, value, Unit.COUNT, dimensions);
    }

    @Override
    public void seconds(String name, double seconds, Map<String, String> dimensions) {
        emit(name, seconds, Unit.SECONDS, dimensions);
    }

    /**
     * Serializes one metric through the library, as a flush does, and writes nothing: the library builds
     * its Jackson mapper on the first serialization (~430 jackson-databind classes), which the first metric
     * of a process otherwise pays for on its request. For SnapStart priming.
     *
     * @return the EMF documents a flush would have written (none is written)
     */
    public static List<String> prime() throws IOException {
        MetricsContext context = new MetricsContext();
        context.setNamespace(MetricsNamespace.fromEnvironment(System.getenv()).value());
        context.setDimensions(dimensionSet(Map.of("Route", "priming")));
        context.putMetric("Priming", 1, Unit.COUNT);
        return context.serialize();
    }

    private void emit(String name, double value, Unit unit, Map<String, String> dimensions) {
        try {
            MetricsLogger metrics = new MetricsLogger(environment);
            metrics.setNamespace(namespace.value());
            // Only the dimensions given: not the library's default ServiceName/ServiceType/LogGroup set.
            metrics.setDimensions(dimensionSet(dimensions));
            metrics.putMetric(name, value, unit);
            metrics.flush();
        } catch (EMFClientException | IllegalArgumentException e) {
            // A metric must never fail the work it measures.
            LOG.warn("metric {} not recorded: {}", name, e.toString());
        }
    }

    private static DimensionSet dimensionSet(Map<String, String> dimensions) {
        DimensionSet set = new DimensionSet();
        for (var d : dimensions.entrySet()) {
            set.addDimension(d.getKey(), d.getValue() == null || d.getValue().isBlank() ? "none" : d.getValue());
        }
        return set;
    }
}
