package io.klaxon.interact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** An HTTP API response (payload format 2.0), as the interact function answers it; see {@link HttpApiEvent}. */
@Serdeable
public record HttpApiResponse(int statusCode, Map<String, String> headers, String body,
                              @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {
}
