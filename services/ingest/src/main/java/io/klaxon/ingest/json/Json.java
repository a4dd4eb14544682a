package io.klaxon.ingest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tolerant reads from a parsed JSON tree. AWS payloads are loose (a field may be a string in one
 * sample and a number in the next, {@code null}, empty, or absent), so every accessor answers null or
 * empty instead of throwing, and callers decide what "missing" means.
 */
public final class Json {

    // Reading: Jackson's streaming parser straight into Micronaut's tree (the codec the serde module uses
    // for JsonNode underneath). It reads the String's chars directly instead of going through the
    // mapper's generic decoder over UTF-8 bytes, which was a third of the time to normalize an alarm
    // (docs/benchmarks.md); the trees are the same. Both objects are thread-safe.
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeTreeCodec TREES = JsonNodeTreeCodec.getInstance();

    private Json() {
    }

    /** Parses JSON text into a tree; throws when it is not JSON. */
    public static JsonNode parse(String text) throws IOException {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses UTF-8 JSON into a tree, the same tree as {@link #parse(String)} of its text; throws when it is not JSON. */
    public static JsonNode parse(byte[] utf8) throws IOException {
        JsonNode node;
        try (JsonParser parser = parser(utf8)) {
            // Like the mapper, reads the first value and leaves whatever follows it unread.
            node = TREES.readTree(parser);
        }
        if (node == null || node.isNull()) {
            throw new IOException("no JSON value");
        }
        return node;
    }

    /** A streaming parser over the text (as UTF-8), for readers that need only part of a document. */
    public static JsonParser parser(String text) throws IOException {
        return parser(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A streaming parser over UTF-8 bytes (see {@link io.klaxon.ingest.RawInput} for why they must be well-formed). */
    public static JsonParser parser(byte[] utf8) throws IOException {
        return FACTORY.createParser(utf8);
    }

    /** The value at the parser's current token as a tree, exactly as {@link #parse} would have built it. */
    public static JsonNode readTree(JsonParser parser) throws IOException {
        return TREES.readTree(parser);
    }

    /**
     * The value that starts at the offset of well-formed UTF-8 JSON, as {@link #readTree} would have built it
     * there. For a value already checked by skipping it (a string or an object: see SnsLambdaEvents), so a
     * failure here is a bug, not bad input.
     */
    public static JsonNode readTreeAt(byte[] utf8, int offset) {
        try (JsonParser parser = FACTORY.createParser(utf8, offset, utf8.length - offset)) {
            parser.nextToken();
            return TREES.readTree(parser);
        } catch (IOException e) {
            throw new IllegalStateException("a value skipped once reads the same", e);
        }
    }

    /** Writes a tree back to compact JSON text (used only to fingerprint content that has no id). */
    public static String write(JsonNode node) {
        try {
            return Mapper.SHARED.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    /** A streaming UTF-8 generator, for the few writers that need no mapper ({@link io.klaxon.ingest.IngestOutcomeJson}). */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /**
     * The library's shared mapper, stateless and thread-safe, built when first used: getting it starts an
     * application context of its own (8 ms of a cold ingest's first request), and only content without an id
     * is written back.
     */
    private static final class Mapper {
        static final ObjectMapper SHARED = ObjectMapper.getDefault();
    }

    /** Parses text that looks like a JSON object or array; null when it does not look like one or is not JSON. */
    @Nullable
    public static JsonNode parseIfJson(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        char first = trimmed.charAt(0);
        char last = trimmed.charAt(trimmed.length() - 1);
        if (!(first == '{' && last == '}') && !(first == '[' && last == ']')) {
            return null;
        }
        try {
            return parse(trimmed);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** The field's value as trimmed text (numbers and booleans converted); null when absent, null or blank. */
    @Nullable
    public static String text(@Nullable JsonNode node, String field) {
        return node == null || !node.isObject() ? null : text(node.get(field));
    }

    /** The value as trimmed text (numbers and booleans converted); null when absent, null, blank or a container. */
    @Nullable
    public static String text(@Nullable JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String s = value.isString() ? value.getStringValue() : value.coerceStringValue();
        if (s == null) {
            return null;
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    /** The first of the fields that has text. */
    @Nullable
    public static String firstText(@Nullable JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The field when it is an object, else null. */
    @Nullable
    public static JsonNode object(@Nullable JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** Walks nested objects; null as soon as a step is missing or not an object. */
    @Nullable
    public static JsonNode path(@Nullable JsonNode node, String... fields) {
        JsonNode current = node;
        for (String field : fields) {
            current = object(current, field);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** The field's elements when it is an array, else an empty list. */
    public static List<JsonNode> array(@Nullable JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return List.of();
        }
        return elements(node.get(field));
    }

    /** The elements of an array node, else an empty list. */
    public static List<JsonNode> elements(@Nullable JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(node.size());
        for (JsonNode value : node.values()) {
            out.add(value);
        }
        return out;
    }

    /** The texts of an array field's scalar elements. */
    public static List<String> texts(@Nullable JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode value : array(node, field)) {
            String s = text(value);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** True when the object has the field, whatever its value (even null). */
    public static boolean has(@Nullable JsonNode node, String field) {
        return node != null && node.isObject() && node.get(field) != null;
    }
}
