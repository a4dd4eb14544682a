package io.klaxon.aws.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.io.SerializedString;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The writer {@link AlertSignalJson} replaced (docs/benchmarks.md, fifth round), kept as the reference
 * it must match byte for byte: an {@link AlertSignal} written field by field with Jackson's character
 * generator, in the record's order, with the generator's default escaping.
 */
final class JacksonAlertSignalJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** {@link Severity#wire()} lower-cases its name on every call; by ordinal, once. */
    private static final String[] SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wire).toArray(String[]::new);

    // The record's field names, quoted once: the generator copies them instead of escaping them on every
    // write (measured: docs/benchmarks.md, third round).
    private static final SerializableString SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializableString ALERT_KEY = new SerializedString("alertKey");
    private static final SerializableString SIGNAL_ID = new SerializedString("signalId");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString SEVERITY = new SerializedString("severity");
    private static final SerializableString TITLE = new SerializedString("title");
    private static final SerializableString SUMMARY = new SerializedString("summary");
    private static final SerializableString SOURCE_KIND = new SerializedString("sourceKind");
    private static final SerializableString ACCOUNT = new SerializedString("account");
    private static final SerializableString REGION = new SerializedString("region");
    private static final SerializableString OCCURRED_AT = new SerializedString("occurredAt");
    private static final SerializableString RESOURCES = new SerializedString("resources");
    private static final SerializableString LINKS = new SerializedString("links");
    private static final SerializableString LABELS = new SerializedString("labels");
    private static final SerializableString LABEL = new SerializedString("label");
    private static final SerializableString URL = new SerializedString("url");

    private JacksonAlertSignalJson() {
    }

    static String signal(AlertSignal s) throws IOException {
        // The character-based generator into Jackson's own string writer: about a third faster here than
        // UTF-8 bytes decoded back into a String. One difference from the mapper (which writes UTF-8):
        // a character outside the BMP, such as an emoji, is written as itself, not as a surrogate-pair
        // escape; the JSON value is the same.
        SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            field(g, SCHEMA_VERSION, s.schemaVersion());
            field(g, ALERT_KEY, s.alertKey());
            field(g, SIGNAL_ID, s.signalId());
            field(g, STATUS, s.status() == null ? null : s.status().name());
            field(g, SEVERITY, s.severity() == null ? null : SEVERITIES[s.severity().ordinal()]);
            field(g, TITLE, s.title());
            field(g, SUMMARY, s.summary());
            field(g, SOURCE_KIND, s.sourceKind());
            field(g, ACCOUNT, s.account());
            field(g, REGION, s.region());
            strings(g, RESOURCES, s.resources());
            field(g, OCCURRED_AT, s.occurredAt() == null ? null : s.occurredAt().toString());
            links(g, s.links());
            labels(g, s.labels());
            g.writeEndObject();
        }
        return out.getAndClear();
    }

    private static void strings(JsonGenerator g, SerializableString name, List<String> values) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static void links(JsonGenerator g, List<Link> links) throws IOException {
        g.writeFieldName(LINKS);
        g.writeStartArray();
        for (Link link : links) {
            g.writeStartObject();
            optional(g, LABEL, link.label());
            optional(g, URL, link.url());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void labels(JsonGenerator g, Map<String, String> labels) throws IOException {
        g.writeFieldName(LABELS);
        g.writeStartObject();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            g.writeStringField(label.getKey(), label.getValue());
        }
        g.writeEndObject();
    }

    /** {@link JsonGenerator#writeStringField} with a name quoted once. */
    private static void field(JsonGenerator g, SerializableString name, @Nullable String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    /** {@link Link} has the mapper's default inclusion (non-empty): a null or empty member is left out. */
    private static void optional(JsonGenerator g, SerializableString name, @Nullable String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            field(g, name, value);
        }
    }
}
