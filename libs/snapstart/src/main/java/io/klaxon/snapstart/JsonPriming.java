package io.klaxon.snapstart;

import io.micronaut.json.JsonMapper;
import java.io.IOException;

/**
 * A {@link Priming} whose request path is mostly JSON: the function's input and output types through
 * the serializer the function itself uses, both ways, so their serde metadata is loaded before the
 * snapshot. A subclass only names the values and documents it primes.
 */
public abstract class JsonPriming extends Priming {

    private final JsonMapper json;

    protected JsonPriming(String what, JsonMapper json, AbsentRead absentRead) {
        super(what, absentRead);
        this.json = json;
    }

    /** Encodes a value and decodes it back as its own type: what the runtime does with an input, and its reverse. */
    protected final void roundTrip(Object value) throws IOException {
        json.readValue(json.writeValueAsBytes(value), value.getClass());
    }

    /** Encodes a value: what the runtime does with a reply. */
    protected final void encode(Object value) throws IOException {
        json.writeValueAsBytes(value);
    }

    /**
     * Decodes a document as a type and encodes the result back: an input as the runtime receives it.
     *
     * @return the decoded value, for a priming that goes on to handle it
     */
    protected final <T> T reencode(byte[] document, Class<T> type) throws IOException {
        T value = json.readValue(document, type);
        json.writeValueAsBytes(value);
        return value;
    }
}
