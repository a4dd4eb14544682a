package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import java.time.Instant;

/** Turns one lifecycle event into the request one kind of destination expects. */
public interface Format {

    /**
     * @param now the signing time, for the schemes that sign a timestamp
     */
    Outbound render(Destination destination, Notice notice, Instant now);
}
