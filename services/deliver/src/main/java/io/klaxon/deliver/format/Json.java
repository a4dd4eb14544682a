package io.klaxon.deliver.format;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Serializes the payload trees the formats build (maps, lists, strings, numbers). */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.createDefault();

    private Json() {
    }

    static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a destination payload", e);
        }
    }
}
