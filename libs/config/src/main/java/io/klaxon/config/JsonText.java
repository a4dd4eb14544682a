package io.klaxon.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON tree as compact text, exactly as {@link JsonNode#toString()} writes it (JsonTextTest compares the two),
 * through Jackson's streaming generator. {@code toString()} builds Jackson's internal mapper for that, and only
 * lifecycle matches routes and needs a mapper at all: every other function that reads a configuration file with
 * route patterns paid for one just to write the patterns' text (with ConfigParser composing the YAML without
 * SnakeYAML's facade, interact's cold start with a configuration file fell 68 ms: docs/benchmarks.md). Thread-safe.
 */
final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonText() {
    }

    static String of(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                json.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    json.writeFieldName(field.getKey());
                    write(json, field.getValue());
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode element : node) {
                    write(json, element);
                }
                json.writeEndArray();
            }
            case STRING -> json.writeString(node.textValue());
            case BOOLEAN -> json.writeBoolean(node.booleanValue());
            case NULL -> json.writeNull();
            case NUMBER -> number(json, node);
            default -> throw new IllegalArgumentException("not a node YamlJson makes: " + node.getNodeType());
        }
    }

    /** YamlJson's numbers (big integers and big decimals) as their nodes write themselves. */
    private static void number(JsonGenerator json, JsonNode node) throws IOException {
        if (node.isBigInteger()) {
            json.writeNumber(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            json.writeNumber(node.decimalValue());
        } else {
            throw new IllegalArgumentException("not a number YamlJson makes: " + node.numberType());
        }
    }
}
