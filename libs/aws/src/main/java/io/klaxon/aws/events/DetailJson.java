package io.klaxon.aws.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code detail} text of a bus event as PutEvents sends it.
 *
 * <p>An {@link AlertSignal} — one per ingested notification, ingest's hot path — is written field by
 * field with Jackson's streaming generator, in the record's order: the same text Micronaut
 * Serialization writes for it, except that characters outside the BMP are written as themselves
 * rather than escaped ({@code DetailJsonTest} and ingest's {@code DetailJsonSamplesTest} compare the
 * two on edge cases and on every sample). Going through the mapper's introspection and
 * its per-value serializers was a fifth of the time to normalize and publish an alarm
 * (docs/benchmarks.md). Any other detail (the workflow's lifecycle events) is rare and goes through
 * the mapper.
 *
 * <p>When a field is added to {@code AlertSignal}, add it here too: the comparison tests fail until
 * then.
 */
public final class DetailJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** {@link Severity#wire()} lower-cases its name on every call; by ordinal, once. */
    private static final String[] SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wire).toArray(String[]::new);

    private final ObjectMapper mapper;

    public DetailJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object detail) throws IOException {
        if (detail instanceof AlertSignal signal) {
            return signal(signal);
        }
        return mapper.writeValueAsString(detail);
    }

    static String signal(AlertSignal s) throws IOException {
        // The character-based generator into Jackson's own string writer: about a third faster here than
        // UTF-8 bytes decoded back into a String. One difference from the mapper (which writes UTF-8):
        // a character outside the BMP, such as an emoji, is written as itself, not as a surrogate-pair
        // escape; the JSON value is the same.
        SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schemaVersion", s.schemaVersion());
            g.writeStringField("alertKey", s.alertKey());
            g.writeStringField("signalId", s.signalId());
            g.writeStringField("status", s.status() == null ? null : s.status().name());
            g.writeStringField("severity", s.severity() == null ? null : SEVERITIES[s.severity().ordinal()]);
            g.writeStringField("title", s.title());
            g.writeStringField("summary", s.summary());
            g.writeStringField("sourceKind", s.sourceKind());
            g.writeStringField("account", s.account());
            g.writeStringField("region", s.region());
            strings(g, "resources", s.resources());
            g.writeStringField("occurredAt", s.occurredAt() == null ? null : s.occurredAt().toString());
            links(g, s.links());
            labels(g, s.labels());
            g.writeEndObject();
        }
        return out.getAndClear();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static void links(JsonGenerator g, List<Link> links) throws IOException {
        g.writeArrayFieldStart("links");
        for (Link link : links) {
            g.writeStartObject();
            optional(g, "label", link.label());
            optional(g, "url", link.url());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void labels(JsonGenerator g, Map<String, String> labels) throws IOException {
        g.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> label : labels.entrySet()) {
            g.writeStringField(label.getKey(), label.getValue());
        }
        g.writeEndObject();
    }

    /** {@link Link} has the mapper's default inclusion (non-empty): a null or empty member is left out. */
    private static void optional(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }
}
