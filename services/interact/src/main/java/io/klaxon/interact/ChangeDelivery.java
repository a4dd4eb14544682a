package io.klaxon.interact;

import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.service.AlertService.CommandResult;
import io.klaxon.slack.SlackGateway;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an applied change: resumes the workflow waiting for it, and makes sure the change is
 * told once, in the thread and on the bus.
 *
 * <p>Normally the workflow does it: the change resumes its wait, and its render step posts the
 * thread reply and publishes the lifecycle event. When no wait takes the change — the workflow was
 * between steps (no token yet), or its wait had just timed out — the workflow still re-renders the
 * message from the stored state, but it cannot know which change happened. Then the writer that
 * made the change announces it here. A change without an event (a recovery annotation) is never
 * announced by the workflow, so its thread reply is posted here whatever happened to the wait.
 */
@Singleton
public class ChangeDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeDelivery.class);

    private final WorkflowResumer resumer;
    private final EventPublisher bus;
    private final SlackGateway slack;
    private final Clock clock;

    public ChangeDelivery(WorkflowResumer resumer, EventPublisher bus, SlackGateway slack, Clock clock) {
        this.resumer = resumer;
        this.bus = bus;
        this.slack = slack;
        this.clock = clock;
    }

    /**
     * Resumes the waiting workflow with an applied change (rejected changes are ignored), then
     * announces what the workflow will not.
     *
     * @return whether a waiting workflow took the change
     */
    public boolean deliver(CommandResult change) {
        if (!change.applied()) {
            return false;
        }
        boolean taken = resume(change);
        announce(change, taken);
        return taken;
    }

    private boolean resume(CommandResult change) {
        String alertId = change.alert().alertId();
        if (change.resumeToken() == null) {
            // No workflow step was waiting: its next wait sees the new state and continues at once.
            return false;
        }
        try {
            if (resumer.resume(change.resumeToken(), change.outcome())) {
                return true;
            }
            // The wait ended at the same moment (its timer fired): its timeout path re-reads the state.
            LOG.info("workflow no longer waiting alertId={} state={}; its timeout path takes the new state",
                    alertId, change.alert().state());
        } catch (RuntimeException e) {
            // Not rethrown: the change is recorded, and the workflow reads it when its wait times out
            // (a retried click or a redelivered recovery would be a no-op and resume nothing).
            LOG.error("could not resume workflow alertId={} state={}: {}", alertId, change.alert().state(),
                    e.toString());
        }
        return false;
    }

    private void announce(CommandResult change, boolean takenByWorkflow) {
        if (takenByWorkflow && change.event() != null) {
            return;
        }
        String alertId = change.alert().alertId();
        if (change.entry() != null && change.alert().hasMessage()) {
            try {
                slack.reply(change.alert(), change.entry(), List.of());
            } catch (RuntimeException e) {
                // The message itself is re-rendered by the workflow; a lost thread line must not fail the action.
                LOG.warn("thread reply failed alertId={} kind={}: {}", alertId, change.entry().kind(), e.toString());
            }
        }
        if (!takenByWorkflow && change.event() != null) {
            try {
                bus.publish(List.of(LifecycleEvent.of(change.alert(), change.actor(), clock.instant())
                        .onBus(change.event())));
                LOG.info("announced {} alertId={} (no workflow wait took the change)", change.event(), alertId);
            } catch (RuntimeException e) {
                LOG.error("lifecycle event not published alertId={} event={}: {}", alertId, change.event(), e.toString());
            }
        }
    }
}
