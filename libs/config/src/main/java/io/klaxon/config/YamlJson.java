package io.klaxon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The JSON a YAML node stands for, typed as YAML resolves plain scalars (so {@code 42} is a number,
 * {@code true} a boolean and {@code "42"} text). Route patterns go to Event Ruler as this JSON, and the
 * schema tests validate files through it, so the parser and the schema see the same values.
 */
public final class YamlJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private YamlJson() {
    }

    /** A node JSON cannot hold (a mapping key that is not text). */
    public static final class NotJsonException extends Exception {
        private final transient Node node;

        NotJsonException(Node node, String message) {
            super(message);
            this.node = node;
        }

        public Node node() {
            return node;
        }
    }

    public static JsonNode toJson(Node node) throws NotJsonException {
        return switch (node) {
            case MappingNode m -> {
                ObjectNode object = JSON.objectNode();
                for (NodeTuple t : m.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode key) || !isText(key)) {
                        throw new NotJsonException(t.getKeyNode(), "a key must be text");
                    }
                    object.set(key.getValue(), toJson(t.getValueNode()));
                }
                yield object;
            }
            case SequenceNode s -> {
                ArrayNode array = JSON.arrayNode();
                for (Node item : s.getValue()) {
                    array.add(toJson(item));
                }
                yield array;
            }
            case ScalarNode s -> scalar(s);
            default -> throw new NotJsonException(node, "not a value JSON can hold");
        };
    }

    /** Text as opposed to a number, boolean or null: plain strings, quoted scalars, and dates (kept as written). */
    static boolean isText(ScalarNode s) {
        return s.getTag().equals(Tag.STR) || s.getTag().equals(Tag.TIMESTAMP) || s.getTag().equals(Tag.BINARY);
    }

    /** YAML 1.1 booleans as SnakeYAML resolves them: true/false, yes/no, on/off, any case. */
    static Boolean bool(ScalarNode s) {
        if (!s.getTag().equals(Tag.BOOL)) {
            return null;
        }
        return switch (s.getValue().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "y" -> Boolean.TRUE;
            default -> Boolean.FALSE;
        };
    }

    private static JsonNode scalar(ScalarNode s) {
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        Boolean b = bool(s);
        if (b != null) {
            return JSON.booleanNode(b);
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            try {
                BigDecimal n = new BigDecimal(s.getValue().replace("_", ""));
                return tag.equals(Tag.INT) ? JSON.numberNode(n.toBigIntegerExact()) : JSON.numberNode(n);
            } catch (ArithmeticException | NumberFormatException e) {
                // YAML 1.1 forms JSON has no number for (0x1F, 1:30, .inf): kept as the text written.
                return JSON.textNode(s.getValue());
            }
        }
        return JSON.textNode(s.getValue());
    }
}
