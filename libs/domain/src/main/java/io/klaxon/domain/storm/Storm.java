package io.klaxon.domain.storm;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A route's storm: while it lasts, the alerts that open on the route show in one shared message
 * instead of one message each (ADR 0014).
 *
 * @param channel   where its message is, once posted (null before)
 * @param messageTs its message's ts, once posted
 * @param endedAt   when the storm ended (null while it lasts)
 */
@Serdeable
public record Storm(String route, String stormId, Instant startedAt, @Nullable String channel,
                    @Nullable String messageTs, @Nullable Instant endedAt) {

    public boolean hasMessage() {
        return messageTs != null;
    }

    public boolean ended() {
        return endedAt != null;
    }
}
