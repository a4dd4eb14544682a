package io.klaxon.notify;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.LifecycleNotice;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.render.SlackText;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The workflow's Slack steps. Renders from the stored alert and changes nothing in its lifecycle:
 * the only write is remembering where the message landed. Each op returns the lifecycle event the
 * workflow publishes next.
 *
 * <ul>
 *   <li>{@code post}: the occurrence's message (once: a retried step updates it instead), then the
 *       OPENED entry in its thread</li>
 *   <li>{@code update}: re-render from state; with an {@code event}, one thread reply for it</li>
 *   <li>{@code escalation}: re-render (the level shows), then a thread reply mentioning the level's
 *       people: edits are silent, replies notify</li>
 *   <li>{@code remind}: a thread reply mentioning the owner who has held the alert a while</li>
 * </ul>
 *
 * <p>A step retried after a failure part-way may repeat its thread reply; it never posts a second
 * message once the first one is recorded. Slack failures propagate as
 * {@link io.klaxon.slack.SlackUnavailableException} (retry) or
 * {@link io.klaxon.slack.SlackRejectedException} (fix the configuration).
 */
@Singleton
public class NotifyService {

    public static final String DONE = "DONE";

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
        return switch (request.op()) {
            case "post" -> post(request.alertId());
            case "update" -> update(request.alertId(), request.event(), request.actor());
            case "escalation" -> escalation(request.alertId());
            case "remind" -> remind(request.alertId());
            default -> throw new IllegalArgumentException("notify has no op '" + request.op()
                    + "' (expected post, update, escalation or remind)");
        };
    }

    private TaskResult post(String alertId) {
        Alert alert = show(alerts.require(alertId));
        TimelineEntry opened = newest(alert, Set.of("OPENED")).orElseGet(() -> new TimelineEntry(alert.openedAt(),
                1, "OPENED", Actor.SYSTEM, "Opened: " + alert.signal().title()));
        slack.reply(alert, opened, List.of());
        Instant now = clock.instant();
        return TaskResult.of(DONE, AlertRef.of(alert, now),
                LifecycleNotice.of(LifecycleEventType.OPENED, LifecycleEvent.of(alert, Actor.SYSTEM, now)));
    }

    private TaskResult update(String alertId, @Nullable LifecycleEventType event, @Nullable Actor actor) {
        Alert alert = show(alerts.require(alertId));
        Instant now = clock.instant();
        if (event == null) {
            return TaskResult.of(DONE, AlertRef.of(alert, now), null);
        }
        TimelineEntry entry = newest(alert, kindsOf(event)).orElseGet(() -> new TimelineEntry(now, alert.version(),
                event.name(), actor == null ? Actor.SYSTEM : actor, event.detailType()));
        slack.reply(alert, entry, List.of());
        return TaskResult.of(DONE, AlertRef.of(alert, now), LifecycleNotice.of(event,
                LifecycleEvent.of(alert, actor == null ? Actor.SYSTEM : actor, now)));
    }

    private TaskResult escalation(String alertId) {
        Alert alert = show(alerts.require(alertId));
        Instant now = clock.instant();
        int level = alert.escalationLevel();
        if (level < 1) {
            // Nothing escalated (the step ran without an escalation): the message is current, no one to call.
            return TaskResult.of(DONE, AlertRef.of(alert, now), null);
        }
        // Someone may have claimed it between the escalation and this step: then call nobody.
        List<String> mentions = alert.state() == AlertState.UNCLAIMED
                ? alert.policy().level(level).mentions() : List.of();
        TimelineEntry entry = newest(alert, Set.of("ESCALATED")).orElseGet(() -> new TimelineEntry(now,
                alert.version(), "ESCALATED", Actor.SYSTEM, "Escalated to level " + level));
        slack.reply(alert, entry, mentions);
        return new TaskResult(DONE, AlertRef.of(alert, now), LifecycleNotice.of(LifecycleEventType.ESCALATED,
                LifecycleEvent.of(alert, Actor.SYSTEM, now)), mentions);
    }

    private TaskResult remind(String alertId) {
        Alert alert = alerts.require(alertId);
        Instant now = clock.instant();
        Actor owner = alert.owner();
        if (alert.state() != AlertState.CLAIMED || owner == null || !alert.hasMessage()) {
            return TaskResult.of(DONE, AlertRef.of(alert, now), null);
        }
        Duration held = alert.claimedAt() == null ? Duration.ZERO : Duration.between(alert.claimedAt(), now);
        TimelineEntry reminder = new TimelineEntry(now, 0, "REMINDER", Actor.SYSTEM, "Still claimed by "
                + Lifecycle.display(owner) + " after " + SlackText.duration(held)
                + ": resolve it when it is fixed, or unclaim it to hand it back");
        slack.reply(alert, reminder, owner.kind() == Actor.Kind.SLACK ? List.of(owner.id()) : List.of());
        return TaskResult.of(DONE, AlertRef.of(alert, now), null);
    }

    /**
     * Makes the message show the alert as it is now: edits it when it exists, posts it (and records
     * where) when it does not. A retried post therefore edits instead of posting twice.
     */
    private Alert show(Alert alert) {
        if (alert.hasMessage()) {
            slack.update(alert);
            return alert;
        }
        SlackGateway.MessageRef ref = slack.post(alert);
        alerts.recordMessage(alert.alertId(), ref.channel(), ref.ts());
        // The workflow must continue from what the message shows, not from a change that landed
        // while posting: it then parks in the rendered state, sees the alert moved, and renders again.
        return alert.withMessage(ref.channel(), ref.ts());
    }

    /** The newest timeline entry of one of these kinds: what the thread reply is about. */
    private Optional<TimelineEntry> newest(Alert alert, Set<String> kinds) {
        List<TimelineEntry> timeline = alerts.store().timeline(alert.alertId());
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if (kinds.contains(timeline.get(i).kind())) {
                return Optional.of(timeline.get(i));
            }
        }
        return Optional.empty();
    }

    /** The timeline kinds that record an event (a snooze ending is recorded as WOKE). */
    private static Set<String> kindsOf(LifecycleEventType event) {
        return switch (event) {
            case CLAIMED, UNCLAIMED -> Set.of(event.name(), "WOKE");
            default -> Set.of(event.name());
        };
    }
}
