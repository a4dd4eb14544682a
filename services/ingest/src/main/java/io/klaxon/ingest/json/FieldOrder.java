package io.klaxon.ingest.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * The order in which a producer writes an object's fields (SNS its envelope, CloudWatch its alarm message),
 * given to Jackson as a hint. {@link #next} asks the parser for the next token while expecting the name that
 * usually comes next ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}): a name
 * that comes where expected is compared with its bytes instead of being decoded and looked up in the parser's
 * symbol table. The tokens are exactly those {@link JsonParser#nextToken()} gives, whatever the order of the
 * input; only the time differs (measured on the alarm sample: 0.14 µs less for its message, 0.08 µs for its
 * SNS envelope, about 4 % of normalizing and writing it; docs/benchmarks.md, sixth round).
 *
 * <p>A reader keeps the position of the name it expects (0 at the start of each object) and moves it with
 * {@link #after} once it has read a name.
 */
public final class FieldOrder {

    private final SerializedString[] names;

    public FieldOrder(String... names) {
        this.names = new SerializedString[names.length];
        for (int i = 0; i < names.length; i++) {
            this.names[i] = new SerializedString(names[i]);
        }
    }

    /** The next token, as {@link JsonParser#nextToken()}, expecting the name at {@code position} if it is a field name. */
    public JsonToken next(JsonParser p, int position) throws IOException {
        if (position >= names.length) {
            return p.nextToken();
        }
        return p.nextFieldName(names[position]) ? JsonToken.FIELD_NAME : p.currentToken();
    }

    /** The position to expect after the field {@code name}: the one after its own when it has one, else unchanged. */
    public int after(String name, int position) {
        // A name matched by next() is the very string given here: the usual case costs one comparison.
        if (position < names.length && names[position].getValue() == name) {
            return position + 1;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].getValue().equals(name)) {
                return i + 1;
            }
        }
        return position;
    }
}
