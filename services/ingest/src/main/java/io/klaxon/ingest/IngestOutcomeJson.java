package io.klaxon.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.klaxon.ingest.json.Json;
import io.micronaut.core.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Writes the handler's reply, an {@link IngestOutcome}, with Jackson's streaming generator: the bytes
 * Micronaut Serialization writes for it (fields in record order; a null or empty string, an empty list
 * and a null object left out, as its default inclusion does), which {@code IngestOutcomeJsonTest} compares
 * on every shape the record can take.
 *
 * <p>Why not the mapper: the reply is the only bean a cold ingest serializes, and the mapper's first bean
 * loads every introspection the package lists and builds its serializers, about 45 ms of the first request
 * (docs/benchmarks.md) for three counts. The generator is the parser's own library, already loaded.
 *
 * <p>When a field is added to {@link IngestOutcome}, {@link Ignored} or {@link SubscriptionConfirmation},
 * add it here too: the test fails until then.
 */
public final class IngestOutcomeJson {

    private IngestOutcomeJson() {
    }

    public static byte[] write(IngestOutcome outcome) throws IOException {
        var out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            json.writeNumberField("published", outcome.published());
            json.writeNumberField("duplicates", outcome.duplicates());
            json.writeNumberField("ignored", outcome.ignored());
            if (!outcome.ignoredItems().isEmpty()) {
                json.writeArrayFieldStart("ignoredItems");
                for (Ignored item : outcome.ignoredItems()) {
                    json.writeStartObject();
                    string(json, "item", item.item());
                    string(json, "reason", item.reason());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            SubscriptionConfirmation confirmation = outcome.confirmation();
            if (confirmation != null) {
                json.writeObjectFieldStart("confirmation");
                string(json, "type", confirmation.type());
                string(json, "topicArn", confirmation.topicArn());
                string(json, "subscribeUrl", confirmation.subscribeUrl());
                string(json, "messageId", confirmation.messageId());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void string(JsonGenerator json, String name, @Nullable String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(name, value);
        }
    }
}
