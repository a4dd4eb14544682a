package io.klaxon.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated configuration: every name a route or policy mentions exists, every pattern compiles,
 * and there is a catch-all route. Maps keep the file's order.
 *
 * @param source where it came from (a file path, or {@value #BUILT_IN} for the built-in default)
 */
public record KlaxonConfig(String source, List<Route> routes, Map<String, Policy> policies,
                           Map<String, Schedule> schedules, Map<String, MessageTemplate> templates,
                           List<DestinationSpec> destinations) {

    public static final String BUILT_IN = "(built-in)";

    public KlaxonConfig {
        routes = List.copyOf(routes);
        policies = unmodifiable(policies);
        schedules = unmodifiable(schedules);
        templates = unmodifiable(templates);
        destinations = List.copyOf(destinations);
    }

    public Optional<Route> route(String name) {
        return routes.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The last route without a pattern: it takes every alert no pattern matches. Validation guarantees one. */
    public Route catchAll() {
        return routes.reversed().stream().filter(Route::catchAll).findFirst().orElseThrow();
    }

    public Policy policy(Route route) {
        return policies.get(route.policy());
    }

    public MessageTemplate template(Route route) {
        return templates.get(route.template());
    }

    private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
