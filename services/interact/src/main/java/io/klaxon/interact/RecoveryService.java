package io.klaxon.interact;

import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.SignalStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an "Alert Recovered" signal to the open occurrence of its key and, when that changes
 * the alert while its workflow waits, resumes the workflow with the outcome. Used by
 * {@link RecoveryHandler} in AWS and called directly by the local runtime.
 */
@Singleton
public class RecoveryService {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);

    private final AlertService alerts;
    private final ChangeDelivery delivery;

    public RecoveryService(AlertService alerts, ChangeDelivery delivery) {
        this.delivery = delivery;
        this.alerts = alerts;
    }

    @Serdeable
    public enum Outcome {
        /** Applied and the waiting workflow was resumed. */
        RESUMED,
        /**
         * Applied, but no workflow wait took it (none was waiting, or its wait had just ended): an
         * announcement execution tells it.
         */
        ANNOUNCED,
        /** No occurrence is open for the key, and its last one knows newer signals: nothing to recover. */
        NO_OPEN_ALERT,
        /** A redelivery, or older than what the alert already knows: nothing changed. */
        IGNORED,
        /**
         * A redelivery of a recovery an earlier delivery applied, whose change is still the alert's
         * newest: nothing changed, and the change was handed to its announcement again (idempotent by
         * name), in case the earlier delivery's hand-over failed (ADR 0008).
         */
        RETOLD,
        /**
         * No occurrence is open for the key, and none knows a signal as new: its FIRING may be delayed.
         * The recovery is remembered, and resolves the occurrence that FIRING opens (ADR 0001).
         */
        REMEMBERED
    }

    /**
     * @throws IllegalArgumentException when the signal is not a usable RECOVERED signal
     * @throws io.klaxon.domain.port.StoreUnavailableException when the store is down; the caller
     *         should let the delivery be retried (nothing was changed)
     * @throws io.klaxon.domain.port.WorkflowUnavailableException when the change was stored but
     *         could not be handed to the workflow (the event then lands in the function's
     *         dead-letter queue, which alarms)
     */
    public Outcome recover(AlertSignal signal) {
        if (signal == null || signal.alertKey() == null || signal.alertKey().isBlank()) {
            throw new IllegalArgumentException("an Alert Recovered signal needs an alertKey");
        }
        if (signal.status() != SignalStatus.RECOVERED) {
            throw new IllegalArgumentException("expected a RECOVERED signal, got " + signal.status()
                    + " for signalId=" + signal.signalId());
        }
        AlertService.CommandResult result = alerts.recover(signal);
        if (result == null && alerts.recoveries().remember(signal)) {
            // Its FIRING may have opened, and that occurrence's wait for a claim looked for a remembered recovery,
            // between the read above and the remembering: deliver once more. When still nothing is open, the
            // next wait for a claim of an occurrence whose signals are all older applies it (ADR 0001).
            result = alerts.recover(signal);
            if (result == null) {
                LOG.info("recovery with no open alert alertKey={} signalId={} occurredAt={}: remembered for a delayed"
                        + " firing", signal.alertKey(), signal.signalId(), signal.occurredAt());
                return Outcome.REMEMBERED;
            }
        }
        if (result == null || !result.applied()) {
            Optional<AlertService.CommandResult> earlier = alerts.recoveries().appliedBy(signal);
            if (earlier.isPresent()) {
                return retell(signal, earlier.get());
            }
        }
        if (result == null) {
            LOG.info("recovery with no open alert alertKey={} signalId={}", signal.alertKey(), signal.signalId());
            return Outcome.NO_OPEN_ALERT;
        }
        String alertId = result.alert().alertId();
        if (!result.applied()) {
            LOG.info("recovery ignored (redelivery or out of order) alertKey={} alertId={} signalId={}",
                    signal.alertKey(), alertId, signal.signalId());
            return Outcome.IGNORED;
        }
        LOG.info("recovery applied alertKey={} alertId={} state={} version={}", signal.alertKey(), alertId,
                result.alert().state(), result.alert().version());
        return delivery.deliver(result) == ChangeDelivery.Handover.RESUMED ? Outcome.RESUMED : Outcome.ANNOUNCED;
    }

    /**
     * An earlier delivery of this event applied it; its hand-over may have failed (the handler threw,
     * and this is Lambda's retry). Announce the change again: the announcement's name makes it run
     * once however often it is started, and the thread line and the event are told once per change
     * (ADR 0003, ADR 0012), so a change the earlier delivery did hand over is not told twice. When
     * Step Functions is still unreachable this throws again, and the event ends in the dead-letter
     * queue. Never a resume: the token on the alert, if any, belongs to a wait this change did not end.
     */
    private Outcome retell(AlertSignal signal, AlertService.CommandResult earlier) {
        LOG.info("recovery already applied alertKey={} alertId={} version={} signalId={}: announcing its change again",
                signal.alertKey(), earlier.alert().alertId(), earlier.alert().version(), signal.signalId());
        delivery.deliver(earlier);
        return Outcome.RETOLD;
    }
}
