package io.klaxon.ingest.generic;

import io.klaxon.domain.signal.Severity;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.text.PlainText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the facts of a payload Klaxon has no dedicated normalizer for: a few readable lines instead
 * of a JSON dump, and a severity from the words AWS services use for state and severity.
 */
public final class Facts {

    private static final int MAX_LINES = 15;
    private static final int MAX_VALUE = 300;
    private static final int MAX_ARRAY_ITEMS = 5;

    /** Fields that carry prose: shown first. */
    private static final List<String> PROSE = List.of("message", "event message", "reason", "stoppedreason",
            "statusreason", "statusmessage", "description", "cause", "errormessage", "error", "details");

    /** Field names whose values are states or severities. */
    private static final Set<String> STATE_FIELDS = Set.of("severity", "eventtype", "state", "status", "laststatus",
            "desiredstatus", "statuscode", "scanresultstatus", "scanstatus", "eventcategories", "result",
            "event", "level", "alerttype");

    private Facts() {
    }

    /**
     * Scalar facts of an object, flattened one level ({@code parent.child}, {@code list[0].child}): prose
     * first, then the object's own facts in document order, then those of the first element of each
     * array of objects (attachments, containers …), which matter least.
     */
    public static Map<String, String> flatten(@Nullable JsonNode object) {
        Map<String, String> prose = new LinkedHashMap<>();
        Map<String, String> rest = new LinkedHashMap<>();
        Map<String, String> listed = new LinkedHashMap<>();
        if (object == null || !object.isObject()) {
            return rest;
        }
        for (Map.Entry<String, JsonNode> e : object.entries()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            Map<String, String> target = PROSE.contains(key.toLowerCase(Locale.ROOT)) ? prose : rest;
            if (value.isObject()) {
                nested(key, value, target);
            } else if (value.isArray() && value.size() > 0 && value.get(0).isObject()) {
                // an array of objects (S3's Records, ECS containers): the first one speaks for the rest
                nested(key + "[0]", value.get(0), listed);
            } else {
                String text = scalarOrList(value);
                if (text != null) {
                    target.put(key, text);
                }
            }
        }
        prose.putAll(rest);
        prose.putAll(listed);
        return prose;
    }

    private static void nested(String prefix, JsonNode object, Map<String, String> target) {
        for (Map.Entry<String, JsonNode> inner : object.entries()) {
            String text = scalarOrList(inner.getValue());
            if (text != null) {
                target.put(prefix + "." + inner.getKey(), text);
            }
        }
    }

    /** "key: value" lines, at most {@value #MAX_LINES}, each value one line and bounded. */
    public static String lines(Map<String, String> facts) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, String> e : facts.entrySet()) {
            if (n++ == MAX_LINES) {
                out.append("… ").append(facts.size() - MAX_LINES).append(" more fields");
                break;
            }
            out.append(e.getKey()).append(": ")
                    .append(PlainText.truncate(PlainText.oneLine(e.getValue()), MAX_VALUE)).append('\n');
        }
        return out.toString().strip();
    }

    /** The loudest severity that state-like fields name (FAILED → high, SUCCEEDED → info …); null when none does. */
    @Nullable
    public static Severity severityFromStates(Map<String, String> facts) {
        Severity loudest = null;
        for (Map.Entry<String, String> e : facts.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String field = (dot < 0 ? key : key.substring(dot + 1)).toLowerCase(Locale.ROOT);
            if (!STATE_FIELDS.contains(field)) {
                continue;
            }
            for (String value : e.getValue().split(",")) {
                Severity s = stateWord(value);
                if (s != null && (loudest == null || s.atLeast(loudest))) {
                    loudest = s;
                }
            }
        }
        return loudest;
    }

    /** The first value among the named fields (case-insensitive), e.g. the state to put in a title. */
    @Nullable
    public static String first(Map<String, String> facts, String... fields) {
        for (String field : fields) {
            for (Map.Entry<String, String> e : facts.entrySet()) {
                if (e.getKey().equalsIgnoreCase(field)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    @Nullable
    static Severity stateWord(String value) {
        String w = value.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        if (w.startsWith("AUTOSCALING:")) {
            w = w.substring("AUTOSCALING:".length());
        }
        return switch (w) {
            case "CRITICAL", "FATAL", "EMERGENCY", "ALERT" -> Severity.CRITICAL;
            case "ERROR", "FAILED", "FAILURE", "FAIL", "ABORTED", "TIMED_OUT", "TIMEOUT", "STOPPED", "THREATS_FOUND",
                 "UNHEALTHY", "FAILOVER", "CRASHED", "EC2_INSTANCE_LAUNCH_ERROR", "EC2_INSTANCE_TERMINATE_ERROR" ->
                    Severity.HIGH;
            case "WARN", "WARNING", "EXPIRED", "DEGRADED", "CANCELED", "CANCELLED", "STOPPING", "IMPAIRED",
                 "EC2_INSTANCE_TERMINATE" -> Severity.WARNING;
            case "INFO", "SUCCEEDED", "SUCCESS", "SUCCESSFUL", "COMPLETED", "RUNNING", "STARTED", "INPROGRESS",
                 "IN_PROGRESS", "PENDING", "OK", "RESUMED", "HEALTHY", "AVAILABLE", "NOTIFICATION", "PROVISIONING",
                 "ACTIVATING", "NO_THREATS_FOUND", "EC2_INSTANCE_LAUNCH" -> Severity.INFO;
            default -> null;
        };
    }

    @Nullable
    private static String scalarOrList(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value.values()) {
                String text = Json.text(item);
                if (text != null) {
                    items.add(text);
                }
                if (items.size() == MAX_ARRAY_ITEMS) {
                    break;
                }
            }
            return items.isEmpty() ? null : String.join(", ", items);
        }
        return Json.text(value);
    }
}
