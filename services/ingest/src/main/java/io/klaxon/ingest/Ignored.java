package io.klaxon.ingest;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Something the input carried that is deliberately not an alert, with the reason. Ignored items are
 * logged and counted so that nothing disappears silently.
 *
 * @param item   what was ignored, e.g. {@code Records[0]: CloudWatch Alarm Configuration Change "cpu-high"}
 * @param reason why it is not an alert
 */
@Serdeable
public record Ignored(String item, String reason) {
}
