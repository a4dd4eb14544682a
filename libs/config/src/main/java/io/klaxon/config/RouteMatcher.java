package io.klaxon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import software.amazon.event.ruler.Machine;

/**
 * Picks an alert's route: the routes' patterns are matched by Event Ruler, the library behind
 * EventBridge rules, against the "Alert Fired" event as the bus carries it, so a pattern that
 * matches in a bus rule matches here too. Routes are tried in file order and the first match wins;
 * an alert no pattern matches goes to the catch-all. Built once per configuration, thread-safe.
 */
public final class RouteMatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KlaxonConfig config;
    private final Machine machine = new Machine();

    public RouteMatcher(KlaxonConfig config) {
        this.config = config;
        for (Route route : config.routes()) {
            if (route.match().isPresent()) {
                try {
                    machine.addRule(route.name(), route.match().get());
                } catch (IOException | RuntimeException e) {
                    // Validation compiled every pattern already; reaching this is a bug, not bad input.
                    throw new IllegalStateException("route '" + route.name() + "': pattern does not compile: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * The route of an event.
     *
     * @param source     the event's {@code source} ({@code klaxon})
     * @param detailType the event's {@code detail-type} ({@code Alert Fired})
     * @param detailJson the event's {@code detail}, as JSON text (the signal)
     * @throws IllegalArgumentException when {@code detailJson} is not a JSON object
     */
    public Route route(String source, String detailType, String detailJson) {
        JsonNode detail;
        try {
            detail = JSON.readTree(detailJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event detail is not JSON: " + e.getOriginalMessage(), e);
        }
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("the event detail is not a JSON object");
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("source", source);
        event.put("detail-type", detailType);
        event.set("detail", detail);
        Set<String> matched = new HashSet<>(machine.rulesForJSONEvent(event));
        return config.routes().stream()
                .filter(r -> r.match().isPresent() && matched.contains(r.name()))
                .findFirst()
                .orElseGet(config::catchAll);
    }

    public KlaxonConfig config() {
        return config;
    }
}
