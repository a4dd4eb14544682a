package io.klaxon.interact;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.Tell;
import io.klaxon.interact.slack.Replies;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what a person asked in Slack. A change that wins is handed to the workflow
 * ({@link ChangeDelivery}), which re-renders the message, writes the thread and publishes the
 * lifecycle event — this class renders nothing. A change that loses is explained to that person
 * only, and the workflow is asked to re-render the message from the stored truth so that it stops
 * offering a stale choice.
 *
 * <p>Nothing here calls Slack: a click must be acknowledged within Slack's 3 seconds whatever Slack
 * does meanwhile. What to tell a clicker goes to a {@code tell} execution of the workflow
 * ({@link WorkflowStarter#tell}), which says it through the click's {@code response_url}; a typed
 * command's answer is the HTTP response itself.
 */
@Singleton
public class InteractService {

    private static final Logger LOG = LoggerFactory.getLogger(InteractService.class);

    private final AlertService alerts;
    private final ChangeDelivery delivery;
    private final WorkflowStarter notes;

    public InteractService(AlertService alerts, WorkflowStarter notes, ChangeDelivery delivery) {
        this.delivery = delivery;
        this.alerts = alerts;
        this.notes = notes;
    }

    public enum Status {
        /** The change was recorded (and the workflow resumed, if one was waiting). */
        APPLIED,
        /** The alert had moved on; the person is told why (off the request path) and the message refreshed. */
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
     * A button click. Anything other than success is told to the clicker only, off the request path:
     * through {@code responseUrl} (or an ephemeral message in {@code channelId} when it is null), by a
     * {@code tell} execution, once per person and alert version.
     */
    public Feedback click(String alertId, Command command, String channelId, @Nullable String responseUrl) {
        Applied applied = apply(alertId, command, true);
        Feedback feedback = applied.feedback();
        if (feedback.text() != null) {
            tell(new Tell(alertId, responseUrl, command.actor().id(), channelId, feedback.text()), applied.version(),
                    feedback.status());
        }
        return feedback;
    }

    /**
     * One alert's part of a click that acts on many (a storm message's Claim all, ADR 0014): applied
     * exactly like a click on that alert's own button (race-safe, resuming its workflow), but what to
     * tell the clicker is returned, for the caller to say once for all of them.
     */
    public Feedback clickOneOfMany(String alertId, Command command) {
        return apply(alertId, command, true).feedback();
    }

    /**
     * A typed command. The caller shows {@link Feedback#text()} as the command's ephemeral response,
     * which works in any channel (an ephemeral post needs the bot to be a member).
     */
    public Feedback typed(String alertId, Command command) {
        return apply(alertId, command, false).feedback();
    }

    /**
     * A typed snooze until a moment that depends on the alert (its route's zone): read it, then
     * snooze for the time left until {@code until} says, applied like any typed command.
     */
    public Feedback snoozeUntil(String alertId, Actor actor, Function<Alert, Instant> until) {
        Alert alert;
        try {
            alert = alerts.store().get(alertId).orElse(null);
        } catch (StoreUnavailableException e) {
            LOG.error("could not read alert alertId={}: {}", alertId, e.toString());
            return new Feedback(Status.UNAVAILABLE, Replies.unavailable(false));
        }
        if (alert == null) {
            return new Feedback(Status.NO_SUCH_ALERT, Replies.noSuchAlert(alertId));
        }
        Duration left = Duration.between(alerts.now(), until.apply(alert));
        return typed(alertId, new Command.Snooze(actor, null, left));
    }

    /**
     * A click that snoozes until a moment that depends on the alert (its route's zone): read it,
     * then snooze for the time left, version-guarded and told like any click.
     */
    public Feedback clickSnoozeUntil(String alertId, Actor actor, long version, Function<Alert, Instant> until,
                                     String channelId, @Nullable String responseUrl) {
        Alert alert;
        try {
            alert = alerts.store().get(alertId).orElse(null);
        } catch (StoreUnavailableException e) {
            LOG.error("could not read alert alertId={}: {}", alertId, e.toString());
            Feedback feedback = new Feedback(Status.UNAVAILABLE, Replies.unavailable(true));
            tell(new Tell(alertId, responseUrl, actor.id(), channelId, feedback.text()), version, feedback.status());
            return feedback;
        }
        if (alert == null) {
            Feedback feedback = new Feedback(Status.NO_SUCH_ALERT, Replies.noSuchAlert(alertId));
            tell(new Tell(alertId, responseUrl, actor.id(), channelId, feedback.text()), version, feedback.status());
            return feedback;
        }
        Duration left = Duration.between(alerts.now(), until.apply(alert));
        return click(alertId, new Command.Snooze(actor, version, left), channelId, responseUrl);
    }

    /**
     * Tells one person something about an alert only they see (why their form did not open), off
     * the request path like a losing click's note.
     */
    public void tellOnly(String alertId, long version, Actor actor, String channelId, @Nullable String responseUrl,
                         String text) {
        tell(new Tell(alertId, responseUrl, actor.id(), channelId, text), version, Status.UNAVAILABLE);
    }

    /**
     * A modal's submission. Its answer is the HTTP response ({@code response_action: errors} on the
     * modal), so nothing is told elsewhere: {@link Feedback#text()} is null when applied, else why not.
     */
    public Feedback submit(String alertId, Command command) {
        return apply(alertId, command, true).feedback();
    }

    /**
     * {@code /klaxon status}: where the alert is, read from the store (nothing changes, nothing is
     * told to the workflow).
     */
    public String status(String alertId) {
        try {
            return alerts.store().get(alertId)
                    .map(alert -> Replies.status(alert, alerts.now()))
                    .orElseGet(() -> Replies.noSuchAlert(alertId));
        } catch (StoreUnavailableException e) {
            LOG.error("could not read alert alertId={}: {}", alertId, e.toString());
            return Replies.unreadable();
        }
    }

    /** How many alerts {@code /klaxon list} shows at most; it says how many more there are. */
    public static final int LIST_LIMIT = 20;

    /**
     * {@code /klaxon list}: the open alerts of {@code routes} (the routes posting to the channel),
     * newest first, at most {@link #LIST_LIMIT}, from the store's open-by-route query.
     */
    public String list(String channel, String source, List<String> routes) {
        List<Alert> newest = new ArrayList<>();
        int total = 0;
        try {
            for (String route : routes) {
                AlertStore.OpenAlerts open = alerts.store().openAlerts(route, LIST_LIMIT);
                newest.addAll(open.newest());
                total += open.total();
            }
        } catch (StoreUnavailableException e) {
            LOG.error("could not list open alerts channel={} routes={}: {}", channel, routes, e.toString());
            return Replies.unreadable();
        }
        newest.sort(Comparator.comparing(Alert::openedAt).reversed());
        List<Alert> shown = newest.subList(0, Math.min(LIST_LIMIT, newest.size()));
        return Replies.openAlerts(channel, source, routes, shown, Math.max(total, shown.size()), alerts.now());
    }

    /**
     * @param version the alert version the feedback is about: the current one when the alert was
     *                read, else the one the button showed (0 for a typed command)
     */
    private record Applied(Feedback feedback, long version) {
    }

    private Applied apply(String alertId, Command command, boolean click) {
        long shown = command.expectedVersion() == null ? 0 : command.expectedVersion();
        String action = command.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        AlertService.CommandResult result;
        try {
            result = alerts.act(alertId, command);
        } catch (NoSuchElementException e) {
            LOG.info("no such alert alertId={} action={} actor={}", alertId, action, command.actor().id());
            return new Applied(new Feedback(Status.NO_SUCH_ALERT, Replies.noSuchAlert(alertId)), shown);
        } catch (StoreUnavailableException | AlertService.ConcurrentUpdateException e) {
            LOG.error("could not record action alertId={} action={} actor={}: {}", alertId, action,
                    command.actor().id(), e.toString());
            return new Applied(new Feedback(Status.UNAVAILABLE, Replies.unavailable(click)), shown);
        }
        Alert alert = result.alert();
        if (!result.applied()) {
            LOG.info("action rejected alertId={} alertKey={} action={} actor={} reason={} version={}",
                    alertId, alert.alertKey(), action, command.actor().id(), result.rejection(), alert.version());
            delivery.refresh(alert);
            return new Applied(new Feedback(Status.REJECTED, Replies.rejected(result.rejection(), alert, command.actor())),
                    alert.version());
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
        return new Applied(new Feedback(Status.APPLIED, click ? null : Replies.applied(command, alert)), alert.version());
    }

    private void tell(Tell note, long version, Status status) {
        try {
            notes.tell(note, version);
        } catch (RuntimeException e) {
            // Step Functions is unreachable too: the click is still acknowledged; the person's Slack
            // shows the message as it was, and clicking again asks again.
            LOG.error("could not hand the note to the workflow alertId={} version={} user={} status={}: {}",
                    note.alertId(), version, note.userId(), status, e.toString());
        }
    }
}
