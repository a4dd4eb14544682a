package io.klaxon.ingest;

import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Optional;

/**
 * What one input turned into.
 *
 * @param signals                  canonical signals, in input order
 * @param ignored                  items that are deliberately not alerts, with reasons
 * @param subscriptionConfirmation set when the input was an SNS (un)subscription confirmation
 */
public record NormalizeResult(
        List<AlertSignal> signals,
        List<Ignored> ignored,
        @Nullable SubscriptionConfirmation subscriptionConfirmation) {

    public NormalizeResult {
        signals = List.copyOf(signals);
        ignored = List.copyOf(ignored);
    }

    /** The (un)subscription confirmation the input carried, if any. */
    public Optional<SubscriptionConfirmation> confirmation() {
        return Optional.ofNullable(subscriptionConfirmation);
    }
}
