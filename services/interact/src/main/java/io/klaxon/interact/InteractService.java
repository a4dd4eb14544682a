package io.klaxon.interact;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.port.WorkflowResumer;
import io.klaxon.domain.service.AlertService;
import io.klaxon.interact.slack.Replies;
import io.klaxon.slack.SlackGateway;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what a person asked in Slack. A change that wins resumes the waiting workflow, which
 * re-renders the message, writes the thread and publishes the lifecycle event — this class renders
 * nothing on success. A change that loses is explained to that person only, and the message is
 * re-rendered from the stored truth so that it stops offering a stale choice.
 */
@Singleton
public class InteractService {

    private static final Logger LOG = LoggerFactory.getLogger(InteractService.class);

    private final AlertService alerts;
    private final WorkflowResumer resumer;
    private final ChangeAnnouncer announcer;
    private final SlackGateway slack;

    public InteractService(AlertService alerts, WorkflowResumer resumer, SlackGateway slack, ChangeAnnouncer announcer) {
        this.announcer = announcer;
        this.alerts = alerts;
        this.resumer = resumer;
        this.slack = slack;
    }

    public enum Status {
        /** The change was recorded (and the workflow resumed, if one was waiting). */
        APPLIED,
        /** The alert had moved on; the person was told why and the message refreshed. */
        REJECTED,
        NO_SUCH_ALERT,
        /** The store could not take the change; nothing was recorded. */
        UNAVAILABLE
    }

    /**
     * @param text what to tell the person, only them; null when the message itself shows the change
     */
    public record Feedback(Status status, @Nullable String text) {
    }

    /**
     * A button click. Anything other than success is told to the clicker with an ephemeral message in
     * {@code channelId}.
     */
    public Feedback click(String alertId, Command command, String channelId) {
        Feedback feedback = apply(alertId, command, true);
        if (feedback.text() != null) {
            tell(channelId, command.actor().id(), feedback.text(), alertId);
        }
        return feedback;
    }

    /**
     * A typed command. The caller shows {@link Feedback#text()} as the command's ephemeral response,
     * which works in any channel (an ephemeral post needs the bot to be a member).
     */
    public Feedback typed(String alertId, Command command) {
        return apply(alertId, command, false);
    }

    private Feedback apply(String alertId, Command command, boolean click) {
        String action = command.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        AlertService.CommandResult result;
        try {
            result = alerts.act(alertId, command);
        } catch (NoSuchElementException e) {
            LOG.info("no such alert alertId={} action={} actor={}", alertId, action, command.actor().id());
            return new Feedback(Status.NO_SUCH_ALERT, Replies.noSuchAlert(alertId));
        } catch (StoreUnavailableException | AlertService.ConcurrentUpdateException e) {
            LOG.error("could not record action alertId={} action={} actor={}: {}", alertId, action,
                    command.actor().id(), e.toString());
            return new Feedback(Status.UNAVAILABLE, Replies.unavailable(click));
        }
        Alert alert = result.alert();
        if (!result.applied()) {
            LOG.info("action rejected alertId={} alertKey={} action={} actor={} reason={} version={}",
                    alertId, alert.alertKey(), action, command.actor().id(), result.rejection(), alert.version());
            refresh(alert);
            return new Feedback(Status.REJECTED, Replies.rejected(result.rejection(), alert, command.actor()));
        }
        LOG.info("action applied alertId={} alertKey={} action={} actor={} state={} version={}",
                alertId, alert.alertKey(), action, command.actor().id(), alert.state(), alert.version());
        resume(result);
        return new Feedback(Status.APPLIED, click ? null : Replies.applied(command, alert));
    }

    private void resume(AlertService.CommandResult result) {
        announcer.announce(result, resumeWorkflow(result));
    }

    /** @return whether a waiting workflow took the change (it then renders and announces it) */
    private boolean resumeWorkflow(AlertService.CommandResult result) {
        String alertId = result.alert().alertId();
        if (result.resumeToken() == null) {
            // No workflow step was waiting: its next wait sees the new state and continues at once.
            return false;
        }
        try {
            if (resumer.resume(result.resumeToken(), result.outcome())) {
                return true;
            } else {
                // The wait ended at the same moment (its timer fired). The timeout path re-reads the
                // state and routes on it, so the change is not lost.
                LOG.info("workflow no longer waiting alertId={} state={}; its timeout path takes the new state",
                        alertId, result.alert().state());
            }
        } catch (RuntimeException e) {
            // The change is recorded; the workflow picks it up when its wait times out.
            LOG.error("could not resume workflow alertId={} state={}: {}", alertId, result.alert().state(),
                    e.toString());
        }
        return false;
    }

    /** Re-renders the message from the stored truth; a failure here must not fail the click. */
    private void refresh(Alert alert) {
        if (!alert.hasMessage()) {
            return;
        }
        try {
            slack.update(alert);
        } catch (RuntimeException e) {
            LOG.warn("could not refresh message alertId={}: {}", alert.alertId(), e.toString());
        }
    }

    private void tell(String channelId, String userId, String text, String alertId) {
        try {
            slack.ephemeral(channelId, userId, text);
        } catch (RuntimeException e) {
            LOG.warn("could not send ephemeral reply alertId={} user={}: {}", alertId, userId, e.toString());
        }
    }
}
