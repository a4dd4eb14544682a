package io.klaxon.lifecycle;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The input of an open started again because it failed before its alert was stored (ADR 0010): the
 * bus event it was started with, verbatim, plus the reconciler's own members beside it. With no alert
 * stored, the input is the only place the restarts of one signal can count their failures.
 * <ul>
 *   <li>{@value #FAILURES}: {@code {"unfixable": n, "outages": m}}, the failures repeating cannot fix
 *       so far and the outage failures in a row, as {@code Alert.Repairs} counts a repair's;</li>
 *   <li>{@value #WAIT}: seconds the ASL's {@code ReopenBackoff} Wait state waits before
 *       {@code OpenStart}, present only when there is a wait.</li>
 * </ul>
 * {@code OpenStart} reads only {@code $.detail}, so neither member reaches the open.
 */
record OpenRestart(Map<String, JsonNode> event, int unfixable, int outages) {

    static final String FAILURES = "reopenFailures";
    static final String WAIT = "reopenWaitSeconds";

    /** The failed open's input, its counts 0 when it was the first open; empty when it is no JSON object. */
    static Optional<OpenRestart> read(ObjectMapper json, String input) {
        JsonNode node;
        try {
            node = json.readValue(input, JsonNode.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Map<String, JsonNode> event = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : node.entries()) {
            event.put(member.getKey(), member.getValue());
        }
        JsonNode failures = event.remove(FAILURES);
        event.remove(WAIT);
        return Optional.of(new OpenRestart(event, count(failures, "unfixable"), count(failures, "outages")));
    }

    private static int count(JsonNode failures, String name) {
        JsonNode value = failures == null || !failures.isObject() ? null : failures.get(name);
        return value != null && value.isNumber() ? value.getIntValue() : 0;
    }

    /** The counts once {@code failure} is added; an unfixable failure ends a run of outages. */
    OpenRestart after(ExecutionFailure failure) {
        return failure == ExecutionFailure.UNFIXABLE
                ? new OpenRestart(event, unfixable + 1, 0) : new OpenRestart(event, unfixable, outages + 1);
    }

    /** The input of the next restart: the event, these counts and, unless zero, the wait. */
    String input(ObjectMapper json, Duration wait) {
        Map<String, JsonNode> next = new LinkedHashMap<>(event);
        next.put(FAILURES, JsonNode.createObjectNode(Map.of(
                "unfixable", JsonNode.createNumberNode(unfixable), "outages", JsonNode.createNumberNode(outages))));
        if (!wait.isZero()) {
            next.put(WAIT, JsonNode.createNumberNode(wait.toSeconds()));
        }
        try {
            return json.writeValueAsString(JsonNode.createObjectNode(next));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the restarted open's input", e);
        }
    }
}
