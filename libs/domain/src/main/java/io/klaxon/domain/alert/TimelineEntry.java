package io.klaxon.domain.alert;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One line of an occurrence's history, stored beside the alert and shown in the Slack thread.
 *
 * @param version the alert version this entry produced (0 when the entry changed no state)
 * @param kind    what happened
 * @param text    plain text for people; channels escape it
 */
@Serdeable
public record TimelineEntry(Instant at, long version, TimelineKind kind, Actor actor, String text) {
}
