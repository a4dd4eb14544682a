package io.klaxon.aws.events;

import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;

/**
 * The {@code detail} text of a bus event as PutEvents sends it.
 *
 * <p>An {@link AlertSignal} — one per ingested notification, ingest's hot path — is written by
 * {@link AlertSignalJson}, a writer for that one record: the same text Micronaut Serialization writes
 * for it, except that characters outside the BMP are written as themselves rather than escaped
 * ({@code DetailJsonTest} and ingest's {@code DetailJsonSamplesTest} compare the two on edge cases and
 * on every sample). Going through the mapper's introspection and its per-value serializers was a fifth
 * of the time to normalize and publish an alarm, Jackson's generator still about a sixth
 * (docs/benchmarks.md). Any other detail (the workflow's lifecycle events) is rare and goes through the
 * mapper.
 */
public final class DetailJson {

    private final ObjectMapper mapper;

    public DetailJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object detail) throws IOException {
        if (detail instanceof AlertSignal signal) {
            return AlertSignalJson.write(signal);
        }
        return mapper.writeValueAsString(detail);
    }
}
