package io.klaxon.aws.events;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalLabels;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code detail} JSON of one {@link AlertSignal}, ingest's hot path, straight into a
 * {@link StringBuilder}: the text Jackson's character generator wrote for it (the writer this one
 * replaced), byte for byte.
 *
 * <p>Why not Jackson: its generator costs about 16 ns per short string in call overhead and state
 * checks, and this record is 14 fields and some 15 labels: 1.34 µs of CPU for the detail of an alarm,
 * against 0.85 µs here, out of about 6 µs to normalize and write it (docs/benchmarks.md, fifth round).
 * Here the names are constants and a string is scanned once: clean (the usual case) it is appended
 * whole, else it is escaped exactly as Jackson escapes by default: a quote and a backslash with a
 * backslash, the five controls that have short forms (backspace, tab, newline, form feed, return) in
 * them, every other control below U+0020 as a six-character escape with upper-case hex; everything
 * else (DEL, non-ASCII, U+2028, lone surrogates, characters outside the BMP) as itself.
 * {@code AlertSignalJsonTest} compares it with Jackson's generator on random and edge strings, and
 * ingest's {@code DetailJsonSamplesTest} with the mapper on every sample.
 *
 * <p>When a field is added to {@code AlertSignal}, add it here too: those tests fail until then.
 */
final class AlertSignalJson {

    /** A builder that grew past this (a rare huge signal) is not kept for the thread's next signal. */
    private static final int KEPT_CAPACITY = 16 * 1024;
    private static final int INITIAL_CAPACITY = 2 * 1024;

    /**
     * One writer per thread, its builder reused: the text of a signal is about 1.5 KB, allocated and
     * zeroed anew for every signal otherwise.
     */
    private static final ThreadLocal<AlertSignalJson> WRITERS = ThreadLocal.withInitial(AlertSignalJson::new);

    /** The escape of each character up to the backslash that needs one, else null. */
    private static final String[] ESCAPES = new String['\\' + 1];
    /** {@link Severity#wire()} lower-cases its name on every call; by ordinal, once. */
    private static final String[] SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wire).toArray(String[]::new);

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = String.format("\\u%04X", c);
        }
        ESCAPES['\b'] = "\\b";
        ESCAPES['\t'] = "\\t";
        ESCAPES['\n'] = "\\n";
        ESCAPES['\f'] = "\\f";
        ESCAPES['\r'] = "\\r";
        ESCAPES['"'] = "\\\"";
        ESCAPES['\\'] = "\\\\";
    }

    private StringBuilder out = new StringBuilder(INITIAL_CAPACITY);
    /**
     * Every character written, or-ed together: above 0xFF, the builder has widened to UTF-16, which a
     * {@code StringBuilder} never undoes, and every later text would be made the slow way; it is then
     * replaced.
     */
    private int charsSeen;

    private AlertSignalJson() {
    }

    static String write(AlertSignal s) {
        return WRITERS.get().text(s);
    }

    private String text(AlertSignal s) {
        out.setLength(0);
        charsSeen = 0;
        out.append("{\"schemaVersion\":");
        string(s.schemaVersion());
        out.append(",\"alertKey\":");
        string(s.alertKey());
        out.append(",\"signalId\":");
        string(s.signalId());
        out.append(",\"status\":");
        string(s.status() == null ? null : s.status().name());
        out.append(",\"severity\":");
        string(s.severity() == null ? null : SEVERITIES[s.severity().ordinal()]);
        out.append(",\"title\":");
        string(s.title());
        out.append(",\"summary\":");
        string(s.summary());
        out.append(",\"sourceKind\":");
        string(s.sourceKind());
        out.append(",\"account\":");
        string(s.account());
        out.append(",\"region\":");
        string(s.region());
        out.append(",\"resources\":[");
        resources(s.resources());
        out.append("],\"occurredAt\":");
        instant(s.occurredAt());
        out.append(",\"links\":[");
        links(s.links());
        out.append("],\"labels\":{");
        labels(s.labels());
        out.append("}}");
        String text = out.toString();
        if (charsSeen > 0xFF || out.capacity() > KEPT_CAPACITY) {
            out = new StringBuilder(INITIAL_CAPACITY);
        }
        return text;
    }

    private void resources(List<String> resources) {
        for (int i = 0; i < resources.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(resources.get(i));
        }
    }

    /** {@link Link} has the mapper's default inclusion (non-empty): a null or empty member is left out. */
    private void links(List<Link> links) {
        for (int i = 0; i < links.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Link link = links.get(i);
            out.append('{');
            boolean hasLabel = link.label() != null && !link.label().isEmpty();
            if (hasLabel) {
                out.append("\"label\":");
                string(link.label());
            }
            if (link.url() != null && !link.url().isEmpty()) {
                out.append(hasLabel ? ",\"url\":" : "\"url\":");
                string(link.url());
            }
            out.append('}');
        }
    }

    private void labels(Map<String, String> labels) {
        if (labels instanceof SignalLabels indexed) {
            // The record's own map (always, since AlertSignal keeps one): by index, no entry objects.
            for (int i = 0; i < indexed.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(indexed.name(i));
                out.append(':');
                string(indexed.value(i));
            }
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(label.getKey());
            out.append(':');
            string(label.getValue());
        }
    }

    /** Appends the value as a JSON string, or {@code null}. */
    private void string(@Nullable String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int seen = 0;
        int clean = 0; // value[clean, i) is appended as it is, in one copy
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            seen |= c;
            if (c <= '\\') {
                String escape = ESCAPES[c];
                if (escape != null) {
                    out.append(value, clean, i).append(escape);
                    clean = i + 1;
                }
            }
        }
        if (clean == 0) {
            out.append(value);
        } else {
            out.append(value, clean, length);
        }
        out.append('"');
        charsSeen |= seen;
    }

    /** The record's {@code Instant} as the generator wrote it: its {@code toString()}, quoted. */
    private void instant(@Nullable Instant at) {
        if (at == null) {
            out.append("null");
        } else {
            out.append('"').append(at).append('"');
        }
    }
}
