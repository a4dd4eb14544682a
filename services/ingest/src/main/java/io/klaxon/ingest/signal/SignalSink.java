package io.klaxon.ingest.signal;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.ingest.Ignored;
import io.klaxon.ingest.SubscriptionConfirmation;
import io.klaxon.ingest.text.PlainText;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects what one input turns into; one per {@code normalize} call, so never shared between threads. */
public final class SignalSink {

    private final List<AlertSignal> signals = new ArrayList<>();
    private final List<Ignored> ignored = new ArrayList<>();
    private final Instant receivedAt;
    private SubscriptionConfirmation confirmation;

    /** @param receivedAt used as {@code occurredAt} when the source gives no usable time; may be null */
    public SignalSink(@Nullable Instant receivedAt) {
        this.receivedAt = receivedAt;
    }

    public void emit(SignalBuilder builder) {
        signals.add(builder.build(receivedAt));
    }

    /** Ignored items are logged: they quote names from the input, so control characters go. */
    public void ignore(String item, String reason) {
        ignored.add(new Ignored(PlainText.noControls(item), PlainText.noControls(reason)));
    }

    public void confirmation(SubscriptionConfirmation confirmation) {
        this.confirmation = confirmation;
    }

    public List<AlertSignal> signals() {
        return signals;
    }

    public List<Ignored> ignored() {
        return ignored;
    }

    @Nullable
    public SubscriptionConfirmation confirmation() {
        return confirmation;
    }
}
