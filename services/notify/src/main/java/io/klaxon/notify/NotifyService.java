package io.klaxon.notify;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.Change;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.render.SlackText;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's Slack steps, and the only code that renders the alert's message or publishes
 * what changed (through the event each step returns for the workflow to put on the bus). Renders
 * from the stored alert and changes nothing in its lifecycle: the only write is remembering where
 * the message landed. What to tell comes with the request, as the writer produced it.
 *
 * <ul>
 *   <li>{@code post}: the occurrence's message (once: a retried step updates it instead), then the
 *       OPENED entry in its thread</li>
 *   <li>{@code update}: re-render from state; with a change, its thread reply and its event; never
 *       posts the message (before it is recorded: {@link MessageNotPostedException}, retried)</li>
 *   <li>{@code announce}: the same for a change no waiting workflow took, in a short execution of
 *       its own; never posts the message (the occurrence's workflow does)</li>
 *   <li>{@code escalation}: re-render (the level shows), then a thread reply mentioning the level's
 *       people: edits are silent, replies notify</li>
 *   <li>{@code remind}: a thread reply mentioning the owner who has held the alert a while</li>
 * </ul>
 *
 * <p>A step retried after a failure part-way may repeat its thread reply; it never posts a second
 * message once the first one is recorded, nor when the first one landed without its answer (see
 * {@link #show}). Slack failures propagate as
 * {@link io.klaxon.slack.SlackUnavailableException} (retry) or
 * {@link io.klaxon.slack.SlackRejectedException} (fix the configuration).
 */
@Singleton
public class NotifyService {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);

    /** How far before an earlier attempt to look for its message: clocks of Lambda and Slack differ a little. */
    static final Duration LOOKUP_MARGIN = Duration.ofMinutes(2);

    private final AlertService alerts;
    private final SlackGateway slack;
    private final Clock clock;

    public NotifyService(AlertService alerts, SlackGateway slack, Clock clock) {
        this.alerts = alerts;
        this.slack = slack;
        this.clock = clock;
    }

    public TaskResult handle(TaskRequest request) {
        Objects.requireNonNull(request, "notify needs a task request");
        if (request.op() == null || request.alertId() == null || request.alertId().isBlank()) {
            throw new IllegalArgumentException("notify needs op and alertId, got op=" + request.op()
                    + " alertId=" + request.alertId());
        }
        String alertId = request.alertId();
        return switch (request.op()) {
            case POST -> post(alertId, request.change());
            case UPDATE -> tell(showExisting(alerts.require(alertId)), request.change());
            case ANNOUNCE -> tell(showExisting(alerts.require(alertId)), request.change());
            case ESCALATION -> escalation(alertId, request.change());
            case REMIND -> remind(alertId);
            default -> throw new IllegalArgumentException("notify has no op '" + request.op().wire()
                    + "' (it serves post, update, announce, escalation and remind)");
        };
    }

    private TaskResult post(String alertId, @Nullable Change change) {
        Alert alert = show(alerts.require(alertId));
        // The change comes from open; a request without one (an older execution) tells the same entry.
        return tell(alert, change != null ? change : new Change(Lifecycle.opened(alert),
                LifecycleEventType.OPENED));
    }

    /** The thread reply for the change, and its event for the workflow to publish. */
    private TaskResult tell(Alert alert, @Nullable Change change) {
        Instant now = clock.instant();
        if (change == null) {
            return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
        }
        slack.reply(alert, change.entry(), List.of());
        return new TaskResult(StepOutcome.DONE, AlertRef.of(alert, now), event(alert, change, now), null);
    }

    private TaskResult escalation(String alertId, @Nullable Change change) {
        Alert alert = showExisting(alerts.require(alertId));
        Instant now = clock.instant();
        int level = alert.escalationLevel();
        if (level < 1 || change == null) {
            // Nothing escalated (the step ran without an escalation): the message is current, no one to call.
            return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
        }
        // Someone may have claimed it between the escalation and this step: then call nobody.
        List<String> mentions = alert.state() == AlertState.UNCLAIMED
                ? alert.policy().level(level).mentions() : List.of();
        slack.reply(alert, change.entry(), mentions);
        return new TaskResult(StepOutcome.DONE, AlertRef.of(alert, now), event(alert, change, now), null);
    }

    private TaskResult remind(String alertId) {
        Alert alert = alerts.require(alertId);
        Instant now = clock.instant();
        Actor owner = alert.owner();
        if (alert.state() != AlertState.CLAIMED || owner == null || !alert.hasMessage()) {
            return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
        }
        Duration held = alert.claimedAt() == null ? Duration.ZERO : Duration.between(alert.claimedAt(), now);
        TimelineEntry reminder = new TimelineEntry(now, 0, TimelineKind.REMINDER, Actor.SYSTEM, "Still claimed by "
                + Lifecycle.display(owner) + " after " + SlackText.duration(held)
                + ": resolve it when it is fixed, or unclaim it to hand it back");
        slack.reply(alert, reminder, owner.kind() == Actor.Kind.SLACK ? List.of(owner.id()) : List.of());
        return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
    }

    @Nullable
    private static BusEvent<LifecycleEvent> event(Alert alert, Change change, Instant now) {
        return change.event() == null ? null : LifecycleEvent.of(alert, change.actor(), now).onBus(change.event());
    }

    /**
     * Makes the message show the alert as it is now: edits it when it exists, posts it (and records
     * where) when it does not. A retried post therefore edits instead of posting twice.
     *
     * <p>A post can land without its answer arriving: Slack stores it, then answers after the
     * client's timeout, and the step is retried. So the first attempt marks the alert before
     * posting, and an attempt that finds the mark first asks Slack whether a message of this alert
     * is there (its metadata carries the alert id); if so it records that one instead of posting.
     */
    private Alert show(Alert alert) {
        if (alert.hasMessage()) {
            slack.update(alert);
            return alert;
        }
        Optional<Instant> earlierAttempt = alerts.recordPostIntent(alert.alertId(), clock.instant());
        Optional<SlackGateway.MessageRef> landed = earlierAttempt.flatMap(since -> findPosted(alert, since));
        if (landed.isPresent()) {
            SlackGateway.MessageRef ref = landed.get();
            alerts.recordMessage(alert.alertId(), ref.channel(), ref.ts());
            Alert found = alert.withMessage(ref.channel(), ref.ts());
            // It shows the alert as that attempt read it; a click may have landed since.
            slack.update(found);
            return found;
        }
        SlackGateway.MessageRef ref = slack.post(alert);
        alerts.recordMessage(alert.alertId(), ref.channel(), ref.ts());
        // The workflow must continue from what the message shows, not from a change that landed
        // while posting: it then parks in the rendered state, sees the alert moved, and renders again.
        return alert.withMessage(ref.channel(), ref.ts());
    }

    /**
     * The message an earlier attempt posted, if Slack has it. Looks from a margin before that
     * attempt, since Slack stamps messages with its own clock. When Slack refuses the lookup (the
     * app lacks the history scope) posting again risks a second message, but not posting would lose
     * the alert: post, and say why.
     */
    private Optional<SlackGateway.MessageRef> findPosted(Alert alert, Instant earlierAttempt) {
        try {
            return slack.findPosted(alert, earlierAttempt.minus(LOOKUP_MARGIN));
        } catch (SlackRejectedException e) {
            LOG.warn("alertId={} cannot look for the message of an earlier post ({}); posting again, which may "
                    + "show it twice: add the channels:history scope (groups:history for a private channel)",
                    alert.alertId(), e.error());
            return Optional.empty();
        }
    }

    /**
     * Like {@link #show} for a message that must already exist. Only {@code post}, the step of the
     * occurrence's own workflow, posts: a refire's render in a second execution, an announcement or an
     * escalation that runs before the message is recorded would otherwise post a second one (two
     * deliveries of one alarm at the same moment did). They wait instead: the workflow retries
     * {@link MessageNotPostedException}.
     */
    private Alert showExisting(Alert alert) {
        if (!alert.hasMessage()) {
            throw new MessageNotPostedException(alert.alertId());
        }
        slack.update(alert);
        return alert;
    }
}
