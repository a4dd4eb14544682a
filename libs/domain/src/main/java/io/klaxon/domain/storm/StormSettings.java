package io.klaxon.domain.storm;

import io.micronaut.serde.annotation.Serdeable;

/**
 * When a route enters storm mode: more than {@code threshold} alerts opened on it within
 * {@code windowSeconds} (ADR 0014). Snapshotted into each alert with its route's policy.
 */
@Serdeable
public record StormSettings(int threshold, long windowSeconds) {

    /** Issue 8's defaults: more than 10 in 60 s. */
    public static final StormSettings DEFAULT = new StormSettings(10, 60);

    public StormSettings {
        if (threshold < 1 || windowSeconds < 1) {
            throw new IllegalArgumentException("storm needs threshold >= 1 and window >= 1s, got " + threshold
                    + " in " + windowSeconds + "s");
        }
    }
}
