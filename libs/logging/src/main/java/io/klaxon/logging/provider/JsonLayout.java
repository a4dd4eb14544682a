package io.klaxon.logging.provider;

import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Lambda's JSON log format: {@code timestamp}, {@code level}, {@code message}, {@code logger},
 * {@code requestId}, then {@code alertId}/{@code alertKey} when known, the fluent API's key-value
 * pairs, and for a throwable {@code errorType}, {@code errorMessage} and {@code stackTrace}.
 * Lambda's log-level filtering reads {@code level}; Logs Insights discovers every field.
 * Every string goes through {@link JsonText}: no untrusted text is ever written unescaped.
 */
final class JsonLayout implements Layout {

    /** A key-value pair may not overwrite a field of the line itself; such a key gets this prefix. */
    static final String SHADOWED_PREFIX = "kv_";

    private static final Set<String> RESERVED = Set.of("timestamp", "level", "message", "logger", "requestId",
            "alertId", "alertKey", "errorType", "errorMessage", "stackTrace");

    @Override
    public void append(StringBuilder out, LogLine line) {
        out.append("{\"timestamp\":\"");
        Timestamps.append(out, line.time());
        out.append("\",\"level\":\"").append(line.level().name()).append('"');
        field(out, "message", line.message());
        field(out, "logger", line.logger());
        optional(out, "requestId", line.requestId());
        optional(out, "alertId", line.alertId());
        optional(out, "alertKey", line.alertKey());
        if (line.keyValues() != null) {
            for (KeyValuePair pair : line.keyValues()) {
                String key = pair.key == null ? "null" : pair.key;
                out.append(',');
                JsonText.quote(out, RESERVED.contains(key) ? SHADOWED_PREFIX + key : key);
                out.append(':');
                value(out, pair.value);
            }
        }
        Throwable error = line.error();
        if (error != null) {
            field(out, "errorType", error.getClass().getName());
            field(out, "errorMessage", error.getMessage());
            out.append(",\"stackTrace\":[");
            boolean first = true;
            for (String entry : StackTraces.entries(error)) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.quote(out, entry);
            }
            out.append(']');
        }
        out.append('}');
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        JsonText.quote(out, value);
    }

    private static void optional(StringBuilder out, String name, String value) {
        if (value != null) {
            field(out, name, value);
        }
    }

    /** Whole numbers and booleans stay JSON numbers and booleans (Logs Insights can sum them). */
    private static void value(StringBuilder out, Object value) {
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            out.append(value);
        } else {
            JsonText.quote(out, value == null ? null : String.valueOf(value));
        }
    }
}
