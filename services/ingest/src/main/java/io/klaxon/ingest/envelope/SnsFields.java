package io.klaxon.ingest.envelope;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

/** The fields of one SNS envelope, as {@link Envelopes} reads them: from a tree, or from an SNS Lambda event's bytes. */
@FunctionalInterface
interface SnsFields {

    /** The field's value as the envelope's tree holds it; null when absent. */
    @Nullable
    JsonNode get(String name);
}
