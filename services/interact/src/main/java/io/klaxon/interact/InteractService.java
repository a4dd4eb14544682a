package io.klaxon.interact;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.port.StoreUnavailableException;
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
 * Applies what a person asked in Slack. A change that wins is handed to the workflow
 * ({@link ChangeDelivery}), which re-renders the message, writes the thread and publishes the
 * lifecycle event — this class renders nothing. A change that loses is explained to that person
 * only, and the workflow is asked to re-render the message from the stored truth so that it stops
 * offering a stale choice.
 */
@Singleton
public class InteractService {

    private static final Logger LOG = LoggerFactory.getLogger(InteractService.class);

    private final AlertService alerts;
    private final ChangeDelivery delivery;
    private final SlackGateway slack;

    public InteractService(AlertService alerts, SlackGateway slack, ChangeDelivery delivery) {
        this.delivery = delivery;
        this.alerts = alerts;
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
            delivery.refresh(alert);
            return new Feedback(Status.REJECTED, Replies.rejected(result.rejection(), alert, command.actor()));
        }
        LOG.info("action applied alertId={} alertKey={} action={} actor={} state={} version={}",
                alertId, alert.alertKey(), action, command.actor().id(), alert.state(), alert.version());
        try {
            delivery.deliver(result);
        } catch (RuntimeException e) {
            // Recorded, and the message catches up at the workflow's next step; say so rather than fail the click.
            LOG.error("change recorded but not handed to the workflow alertId={} version={}: {}", alertId,
                    alert.version(), e.toString());
        }
        return new Feedback(Status.APPLIED, click ? null : Replies.applied(command, alert));
    }

    private void tell(String channelId, String userId, String text, String alertId) {
        try {
            slack.ephemeral(channelId, userId, text);
        } catch (RuntimeException e) {
            LOG.warn("could not send ephemeral reply alertId={} user={}: {}", alertId, userId, e.toString());
        }
    }
}
