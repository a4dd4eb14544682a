package io.klaxon.metrics;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException;
import software.amazon.cloudwatchlogs.emf.util.Validator;

/**
 * The CloudWatch namespace Klaxon's metrics go to. Each stack has its own (the template sets
 * {@value #VARIABLE} to {@code Klaxon/<stack name>}), so two stacks in one account never count into
 * each other's alarms; without the variable (locally) it is {@value Metrics#NAMESPACE}.
 *
 * @param value a namespace CloudWatch accepts
 */
public record MetricsNamespace(String value) {

    /** The environment variable that names the namespace. */
    public static final String VARIABLE = "KLAXON_METRICS_NAMESPACE";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsNamespace.class);

    /** @throws IllegalArgumentException a namespace CloudWatch would refuse, saying why */
    public MetricsNamespace {
        Validator.validateNamespace(value);
    }

    /**
     * The namespace {@value #VARIABLE} names, else {@value Metrics#NAMESPACE}. A value CloudWatch would
     * refuse is reported once, naming the variable, and the default is used: a wrong namespace must not
     * stop the function whose work the metrics measure.
     */
    public static MetricsNamespace fromEnvironment(Map<String, String> environment) {
        String configured = environment.get(VARIABLE);
        if (configured == null || configured.isBlank()) {
            return new MetricsNamespace(Metrics.NAMESPACE);
        }
        try {
            return new MetricsNamespace(configured);
        } catch (InvalidNamespaceException e) {
            LOG.warn("{}={} is not a CloudWatch namespace ({}); metrics go to {}", VARIABLE, configured,
                    e.getMessage(), Metrics.NAMESPACE);
            return new MetricsNamespace(Metrics.NAMESPACE);
        }
    }
}
