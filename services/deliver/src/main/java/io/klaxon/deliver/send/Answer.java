package io.klaxon.deliver.send;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/** How a destination answered one request. */
public sealed interface Answer {

    /** It took the message. */
    record Delivered(int status) implements Answer {
    }

    /**
     * It may take it later (429, 5xx, a vendor's "too fast", a network failure).
     *
     * @param after what the destination asked for ({@code Retry-After}); null when it said nothing
     */
    record Retry(String reason, @Nullable Duration after) implements Answer {
    }

    /** It never will as configured (bad token, bad signature, unknown webhook): retrying cannot help. */
    record Refused(String reason) implements Answer {
    }
}
