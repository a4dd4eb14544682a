package io.klaxon.interact;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.port.WorkflowUnavailableException;
import io.klaxon.domain.service.AlertService.CommandResult;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an applied change to the workflow, the only place that renders Slack and publishes
 * lifecycle events (ADR 0008).
 *
 * <p>Normally the change resumes the wait it ended: the writer took the wait's token off the alert
 * in the same conditional write, and {@code SendTaskSuccess} gives the workflow the change to tell.
 * When no wait takes it — the workflow was between steps (no token yet), or its wait had just timed
 * out — the occurrence's workflow still re-renders from the stored state, but it cannot know which
 * change happened. The change then goes to a short announcement execution of the same state
 * machine, named after the alert and version so that it runs once however often it is started.
 */
@Singleton
public class ChangeDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeDelivery.class);

    private final WorkflowResumer resumer;
    private final WorkflowStarter starter;

    public ChangeDelivery(WorkflowResumer resumer, WorkflowStarter starter) {
        this.resumer = resumer;
        this.starter = starter;
    }

    /** How an applied change reached the workflow. */
    public enum Handover {
        /** It resumed the wait it ended. */
        RESUMED,
        /** No wait took it: an announcement execution tells it. */
        ANNOUNCED
    }

    /**
     * @throws IllegalArgumentException when the change was rejected (there is nothing to hand over)
     * @throws WorkflowUnavailableException when neither the waiting execution nor an announcement
     *         could be reached; the change is stored, and its occurrence's workflow re-renders it at
     *         its next step, but its thread reply and event are missing
     */
    public Handover deliver(CommandResult change) {
        if (!change.applied()) {
            throw new IllegalArgumentException("a rejected command changed nothing to deliver");
        }
        WorkflowOutcome outcome = change.outcome();
        if (change.resumeToken() != null && resumed(change.resumeToken(), outcome)) {
            return Handover.RESUMED;
        }
        starter.announce(outcome);
        LOG.info("announced alertId={} version={} kind={} (no workflow wait took the change)", outcome.alertId(),
                outcome.version(), outcome.change() == null ? null : outcome.change().entry().kind());
        return Handover.ANNOUNCED;
    }

    /**
     * Re-renders the message from the stored state, for someone whose action lost: their Slack may
     * show an older version. One refresh per alert version, however many people click it.
     */
    public void refresh(Alert current) {
        if (!current.hasMessage()) {
            return;
        }
        try {
            starter.announce(new WorkflowOutcome(current.alertId(), current.version(), current.state(), null));
        } catch (RuntimeException e) {
            // The occurrence's workflow renders the same state at its next step; a lost refresh costs nothing else.
            LOG.warn("could not start a refresh alertId={} version={}: {}", current.alertId(), current.version(),
                    e.toString());
        }
    }

    private boolean resumed(String token, WorkflowOutcome outcome) {
        try {
            if (resumer.resume(token, outcome)) {
                return true;
            }
            // The wait ended at the same moment (its timer fired): its timeout path re-reads the state.
            LOG.info("workflow no longer waiting alertId={} state={}: announcing the change instead",
                    outcome.alertId(), outcome.state());
        } catch (RuntimeException e) {
            // The token is off the alert now, so the wait ends only by its timer: announce instead.
            LOG.warn("could not resume the workflow alertId={} state={}: {}; announcing the change instead",
                    outcome.alertId(), outcome.state(), e.toString());
        }
        return false;
    }
}
