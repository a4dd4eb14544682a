package io.klaxon.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What one ingest call did; the Lambda handler returns it as its response.
 *
 * @param published    signals put on the bus
 * @param duplicates   signals dropped as redeliveries of ones already published
 * @param ignored      items that are deliberately not alerts
 * @param ignoredItems those items, with reasons
 * @param confirmation an SNS (un)subscription confirmation the input carried, for the caller to answer
 */
@Serdeable
public record IngestOutcome(
        int published,
        int duplicates,
        int ignored,
        List<Ignored> ignoredItems,
        @Nullable SubscriptionConfirmation confirmation) {

    public IngestOutcome {
        ignoredItems = ignoredItems == null ? List.of() : List.copyOf(ignoredItems);
    }
}
