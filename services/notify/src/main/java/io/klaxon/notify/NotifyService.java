package io.klaxon.notify;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.PublishedAhead;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.Change;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskResult;
import io.klaxon.domain.workflow.Tell;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.SlackText;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
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
 *       people, a schedule resolved to whoever is on call now: edits are silent, replies notify</li>
 *   <li>{@code remind}: a thread reply mentioning the owner who has held the alert a while</li>
 *   <li>{@code tell}: a sentence only one person sees (why their click lost), through the click's
 *       {@code response_url}, or {@code chat.postEphemeral} when there is none or it expired; in a
 *       short execution of its own, so the click's ack never waits on Slack (ADR 0007)</li>
 * </ul>
 *
 * <p>A step retried after a failure part-way never posts a second message once the first one is
 * recorded, nor when the first one landed without its answer (see {@link #show}); nor a second thread
 * line: each names the change it tells, and the gateway posts it once (ADR 0003, "Replying once"). Slack failures propagate as
 * {@link io.klaxon.slack.SlackUnavailableException} (retry soon); a
 * {@link SlackRejectedException} (someone must fix the token or the channel) marks the alert
 * {@code deliveryFailing} and becomes a {@link SlackDeliveryFailingException}, which the workflow
 * retries for days instead of failing and orphaning the alert. The next step that gets through
 * clears the mark. Either failure, and a change that must wait for the message to be posted
 * ({@link MessageNotPostedException}), puts the step's event on the bus at once ({@link EventsAhead}),
 * so destinations hear the change while Slack does not show it.
 */
@Singleton
public class NotifyService {

    /** The first word of the line logged when Slack refuses a step; the operations alarm counts it. */
    public static final String DELIVERY_FAILING_LOG = "SLACK_DELIVERY_FAILING";

    private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);

    /** How far before an earlier attempt to look for its message: clocks of Lambda and Slack differ a little. */
    static final Duration LOOKUP_MARGIN = Duration.ofMinutes(2);

    /**
     * How long a post attempt holds its mark before another attempt may take over: the longest one
     * attempt can be in flight. The notify function's Timeout (30 s, the template's Globals) bounds
     * an attempt in AWS, and it is longer than the Slack client's own bound there (10 s read, plus at
     * most {@code SlackPacing.DEFAULT_MAX_WAIT} held back); locally, where no Lambda timeout applies,
     * the client's OkHttp timeouts (10 s each for connect, write and read) plus pacing stay under it
     * too. The margin covers a request Slack received just before the client gave up and stores a
     * little later, and the clocks of two Lambda instances. Before the lease runs out a second attempt
     * waits ({@link MessageNotPostedException}, retried) rather than post beside a message that may
     * still land.
     */
    static final Duration POST_LEASE = Duration.ofSeconds(45);

    private final AlertService alerts;
    private final SlackGateway slack;
    private final EscalationMentions mentions;
    private final Clock clock;
    /** Storm mode (ADR 0014); null: every alert gets its own message. */
    @Nullable
    private final StormMessages storms;
    /** Events published while Slack fails their step (ADR 0012); null: only the workflow publishes. */
    @Nullable
    private final EventsAhead ahead;

    public NotifyService(AlertService alerts, SlackGateway slack, EscalationMentions mentions, Clock clock) {
        this(alerts, slack, mentions, clock, null, null, null);
    }

    /**
     * @param stormWatch     looked up on first use: a context without DynamoDB still serves alerts on their own
     * @param bus            looked up on first use, by a step Slack failed
     * @param publishedAhead looked up by a step that has an event to tell
     */
    @Inject
    public NotifyService(AlertService alerts, SlackGateway slack, EscalationMentions mentions, Clock clock,
                         @Nullable Provider<StormWatch> stormWatch, @Nullable Provider<EventPublisher> bus,
                         @Nullable Provider<PublishedAhead> publishedAhead) {
        this.alerts = alerts;
        this.slack = slack;
        this.mentions = mentions;
        this.clock = clock;
        this.storms = stormWatch == null ? null : new StormMessages(alerts, stormWatch::get, slack, clock);
        this.ahead = bus == null || publishedAhead == null ? null
                : new EventsAhead(alerts, bus, publishedAhead, clock);
    }

    public TaskResult handle(TaskRequest request) {
        Objects.requireNonNull(request, "notify needs a task request");
        if (request.op() == null || request.alertId() == null || request.alertId().isBlank()) {
            throw new IllegalArgumentException("notify needs op and alertId, got op=" + request.op()
                    + " alertId=" + request.alertId());
        }
        String alertId = request.alertId();
        if (request.op() == TaskOp.TELL) {
            // A note to one person about their click: no alert to mark (it reads none).
            return tell(request.tell());
        }
        TaskResult result;
        try {
            result = dispatch(request, alertId);
        } catch (SlackRejectedException rejected) {
            SlackDeliveryFailingException failing = deliveryFailing(request, alertId, rejected);
            publishAhead(alertId, request.change());
            throw failing;
        } catch (SlackBusyException paced) {
            // Klaxon's own pacing (ADR 0013), not a failing Slack: the event waits for the paced step.
            throw paced;
        } catch (SlackUnavailableException | MessageNotPostedException notShown) {
            // Slack is down, or the change waits for the occurrence's post, which may be failing for as long
            // as Slack does: its event does not wait (a recovery's resolve would otherwise reach no pager
            // until then, or never, once this step's retries ran out).
            publishAhead(alertId, request.change());
            throw notShown;
        }
        // Any step that got through shows Slack takes this alert again (its event, built from the
        // alert as read, still says the change was told late).
        mark(alertId, false);
        return ahead == null ? result : ahead.withoutPublished(alertId, request.change(), result);
    }

    /** After the mark, so that an event of a refused step says {@code deliveryFailing}. */
    private void publishAhead(String alertId, @Nullable Change change) {
        if (ahead != null) {
            ahead.publish(alertId, change);
        }
    }

    private TaskResult dispatch(TaskRequest request, String alertId) {
        return switch (request.op()) {
            case POST -> post(alertId, request.change());
            case UPDATE -> tell(showExisting(alerts.require(alertId)), request.change());
            // An announcement with a change waits for the opener's post. One without (a refresh, or the
            // reconciler's repair, ADR 0010) may post: a refresh only runs once a message exists, and a
            // repair runs because the opener is dead and will never post; the post is idempotent anyway.
            case ANNOUNCE -> request.change() == null
                    ? tell(show(alerts.require(alertId)), null)
                    : tell(showExisting(alerts.require(alertId)), request.change());
            case ESCALATION -> escalation(alertId, request.change());
            case REMIND -> remind(alertId);
            default -> throw new IllegalArgumentException("notify has no op '" + request.op().wire()
                    + "' (it serves post, update, announce, escalation, remind and tell)");
        };
    }

    /**
     * Slack refused for a reason only a person can fix. Failing the workflow would orphan the alert,
     * so mark it (GET /alerts and the next events show it), log the one line the operations alarm
     * counts, and hand the workflow an error its Retry keeps retrying for days.
     */
    private SlackDeliveryFailingException deliveryFailing(TaskRequest request, String alertId,
                                                          SlackRejectedException rejected) {
        mark(alertId, true);
        // The metric filter in sam/template.yaml matches DELIVERY_FAILING_LOG; never log the token.
        LOG.warn("{} error={} method={} op={} alertId={}", DELIVERY_FAILING_LOG, code(rejected.error()),
                code(rejected.method()), request.op().wire(), alertId);
        return new SlackDeliveryFailingException(request.op().wire(), alertId, rejected);
    }

    /** Bookkeeping only: a store hiccup here must not turn a delivered step into a repeated one. */
    private void mark(String alertId, boolean failing) {
        try {
            alerts.deliveryFailing(alertId, failing);
        } catch (RuntimeException e) {
            LOG.warn("could not {} deliveryFailing on alertId={}: {}", failing ? "set" : "clear", alertId,
                    e.toString());
        }
    }

    /** Slack's codes are short snake_case words; keep anything else out of the log line. */
    private static String code(@Nullable String value) {
        return value == null ? "unknown" : value.replaceAll("[^A-Za-z0-9_.\\-]", "?");
    }

    private TaskResult post(String alertId, @Nullable Change change) {
        Alert read = alerts.require(alertId);
        // Counted once per occurrence, at its first post: a route over its threshold shows it in the storm.
        Alert alert = show(storms == null ? read : storms.place(read));
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
        if (!alert.inStorm()) {
            // An alert in a storm has no thread of its own: the storm message's counts show the change.
            slack.reply(alert, change.entry(), assignee(alert, change.entry()));
        }
        return new TaskResult(StepOutcome.DONE, AlertRef.of(alert, now), EventsAhead.eventOf(alert, change, now), null);
    }

    /**
     * Says a note to its one person. Reads no alert (the note may be that there is none) and
     * changes nothing; its result carries no alert.
     */
    private TaskResult tell(@Nullable Tell tell) {
        if (tell == null || blank(tell.userId()) || blank(tell.text())
                || (blank(tell.responseUrl()) && blank(tell.channel()))) {
            throw new IllegalArgumentException("notify's tell needs a tell with userId, text, and a responseUrl or a "
                    + "channel, got " + tell);
        }
        if (!blank(tell.responseUrl())) {
            try {
                slack.respond(tell.responseUrl(), tell.text());
                LOG.info("told user={} through the click's response_url", tell.userId());
                return new TaskResult(StepOutcome.DONE, null, null, null);
            } catch (SlackRejectedException e) {
                if (blank(tell.channel())) {
                    throw e;
                }
                // Expired (after 30 minutes, or used five times) or not Slack's: the ephemeral reaches them too.
                LOG.info("response_url not usable ({}): telling user={} with chat.postEphemeral",
                        e.error(), tell.userId());
            }
        }
        slack.ephemeral(tell.channel(), tell.userId(), tell.text());
        LOG.info("told user={} with chat.postEphemeral", tell.userId());
        return new TaskResult(StepOutcome.DONE, null, null, null);
    }

    /**
     * A reassignment's reply mentions the new owner, once: this reply is the change's only telling.
     * Only while the alert is still theirs (a later claim took it: no one to call).
     */
    private static List<String> assignee(Alert alert, TimelineEntry entry) {
        Actor owner = alert.owner();
        return entry.kind() == TimelineKind.ASSIGNED && alert.state() == AlertState.CLAIMED && owner != null
                && owner.kind() == Actor.Kind.SLACK ? List.of(owner.id()) : List.of();
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    private TaskResult escalation(String alertId, @Nullable Change change) {
        Alert alert = showExisting(alerts.require(alertId));
        Instant now = clock.instant();
        int level = alert.escalationLevel();
        if (level < 1 || change == null) {
            // Nothing escalated (the step ran without an escalation): the message is current, no one to call.
            return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
        }
        // Someone may have claimed it between the escalation and this step: then call nobody. Schedules
        // resolve now, not when the alert opened: a handoff during the incident pages the new person.
        List<String> called = alert.state() == AlertState.UNCLAIMED
                ? mentions.resolve(alert.policy().level(level).mentions(), now) : List.of();
        if (alert.inStorm() && storms != null) {
            storms.reply(alert, change.entry(), called);
        } else {
            slack.reply(alert, change.entry(), called);
        }
        return new TaskResult(StepOutcome.DONE, AlertRef.of(alert, now), EventsAhead.eventOf(alert, change, now), null);
    }

    private TaskResult remind(String alertId) {
        Alert alert = alerts.require(alertId);
        Instant now = clock.instant();
        Actor owner = alert.owner();
        if (alert.inStorm() && storms != null) {
            // One reminder per alert in the storm's thread would flood it; the storm message shows who holds
            // what. The timer still serves: it is when a storm that has calmed down is found over (ADR 0014).
            storms.checkEnd(alert);
            return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
        }
        if (alert.state() != AlertState.CLAIMED || owner == null || !alert.hasMessage()) {
            return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
        }
        Duration held = alert.claimedAt() == null ? Duration.ZERO : Duration.between(alert.claimedAt(), now);
        // Stamped with when it was due, not with now: a retry of this step then names the same thread line
        // (SlackGateway.lineKey), which Slack shows once however often the step ran (ADR 0003).
        TimelineEntry reminder = new TimelineEntry(due(alert, now), 0, TimelineKind.REMINDER, Actor.SYSTEM, "Still claimed by "
                + Lifecycle.display(owner) + " after " + SlackText.duration(held)
                + ": resolve it when it is fixed, or unclaim it to hand it back");
        slack.reply(alert, reminder, owner.kind() == Actor.Kind.SLACK ? List.of(owner.id()) : List.of());
        return TaskResult.of(StepOutcome.DONE, AlertRef.of(alert, now));
    }

    /**
     * When the reminder this step tells was due: the last whole reminder interval since the claim. Every retry
     * of one reminder's step falls in the same interval unless the retries outlast an interval (an hour by
     * default; Slack down that long), and then a second line is the lesser harm.
     */
    private static Instant due(Alert alert, Instant now) {
        Instant claimed = alert.claimedAt();
        long every = alert.policy().remindAfterSeconds();
        if (claimed == null || every <= 0 || now.isBefore(claimed)) {
            return now;
        }
        long intervals = Math.max(1, Duration.between(claimed, now).toSeconds() / every);
        return claimed.plusSeconds(intervals * every);
    }

    /**
     * Makes the message show the alert as it is now: edits it when it exists, posts it (and records
     * where) when it does not. A retried post therefore edits instead of posting twice.
     *
     * <p>A post can land without its answer arriving: Slack stores it, then answers after the
     * client's timeout, and the step is retried. So the first attempt marks the alert before
     * posting, and an attempt that finds the mark first asks Slack whether a message of this alert
     * is there (its metadata carries the alert id); if so it records that one instead of posting.
     *
     * <p>Two attempts can also be in flight at once (the workflow's retried post and an announcement
     * of an alert just opened from a storm): both would find no message and both post. So the mark
     * is a lease ({@link #POST_LEASE}): an attempt that finds a younger mark and no message waits
     * ({@link MessageNotPostedException}, retried); one that finds an older mark takes it over with a
     * conditional write, and only the winner posts.
     */
    private Alert show(Alert alert) {
        if (alert.inStorm() && storms != null) {
            storms.refresh(alert);
            return alert;
        }
        if (alert.hasMessage()) {
            slack.update(alert);
            return alert;
        }
        Instant attempt = clock.instant();
        Optional<Instant> earlierAttempt = alerts.recordPostIntent(alert.alertId(), attempt);
        Optional<SlackGateway.MessageRef> landed = earlierAttempt.flatMap(since -> findPosted(alert, since));
        if (landed.isPresent()) {
            SlackGateway.MessageRef ref = landed.get();
            alerts.recordMessage(alert.alertId(), ref.channel(), ref.ts());
            Alert found = alert.withMessage(ref.channel(), ref.ts());
            // It shows the alert as that attempt read it; a click may have landed since.
            slack.update(found);
            return found;
        }
        if (earlierAttempt.isPresent()) {
            takeOver(alert, earlierAttempt.get(), attempt);
        }
        SlackGateway.MessageRef ref;
        try {
            ref = slack.post(alert);
        } catch (SlackBusyException | SlackRejectedException nothingSent) {
            giveBackPostIntent(alert, attempt, earlierAttempt);
            throw nothingSent;
        } catch (SlackUnavailableException failed) {
            if (failed.certainlyNotSent()) {
                // No connection to Slack was made: as certainly not posted as a refusal.
                giveBackPostIntent(alert, attempt, earlierAttempt);
            } else if (answered(failed)) {
                // Slack answered (a 5xx, a transient error): the request is no longer in flight, and
                // whatever Slack stored the next attempt's lookup finds. End the lease now, keeping the
                // mark, so that attempt looks and then takes over instead of waiting: an outage would
                // otherwise spend the retries on waiting. A request that got no answer (a timeout)
                // may still land: its lease runs on.
                endLease(alert, attempt);
            }
            throw failed;
        }
        alerts.recordMessage(alert.alertId(), ref.channel(), ref.ts());
        // The workflow must continue from what the message shows, not from a change that landed
        // while posting: it then parks in the rendered state, sees the alert moved, and renders again.
        return alert.withMessage(ref.channel(), ref.ts());
    }

    /**
     * Makes this attempt the one that posts, after an earlier attempt's message was not found: only
     * once that attempt's lease ran out, and only if no other attempt took the mark over first.
     *
     * @throws MessageNotPostedException when the earlier attempt may still be in flight, or another
     *         attempt won the takeover: the workflow retries, and the retry finds that one's message
     */
    private void takeOver(Alert alert, Instant earlierAttempt, Instant attempt) {
        if (attempt.isBefore(earlierAttempt.plus(POST_LEASE))) {
            LOG.info("another post attempt since {} may still be in flight: waiting for its message", earlierAttempt);
            throw new MessageNotPostedException(alert.alertId());
        }
        if (!alerts.takeOverPostIntent(alert.alertId(), earlierAttempt, attempt)) {
            LOG.info("another attempt took over the post first: waiting for its message");
            throw new MessageNotPostedException(alert.alertId());
        }
    }

    /**
     * After a post that certainly sent nothing (held back before sending, refused by Slack, or no connection
     * made), the attempt that holds the mark gives it back. A first attempt forgets it, so the next one need not
     * search the channel's history (a Tier 3 call that a storm can ill afford) nor wait out this attempt's lease;
     * one that took over an earlier, uncertain attempt's mark puts that one back: it is stale, so the next
     * attempt takes over at once instead of waiting out this attempt's lease, and still looks for it.
     */
    private void giveBackPostIntent(Alert alert, Instant attempt, Optional<Instant> earlierAttempt) {
        if (earlierAttempt.isEmpty()) {
            alerts.forgetPostIntent(alert.alertId(), attempt);
        } else {
            alerts.takeOverPostIntent(alert.alertId(), attempt, earlierAttempt.get());
        }
    }

    /** An unavailable Slack that said so, as opposed to one that never answered (an I/O failure). */
    static boolean answered(SlackUnavailableException e) {
        return !(e.getCause() instanceof IOException);
    }

    /** Makes this attempt's mark stale (its time one lease earlier); bookkeeping that must not hide the failure. */
    private void endLease(Alert alert, Instant attempt) {
        try {
            alerts.takeOverPostIntent(alert.alertId(), attempt, attempt.minus(POST_LEASE));
        } catch (RuntimeException e) {
            LOG.warn("could not end the post lease after Slack answered: {}", e.toString());
        }
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
            LOG.warn("cannot look for the message of an earlier post ({}); posting again, which may "
                    + "show it twice: add the channels:history scope (groups:history for a private channel)",
                    e.error());
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
        if (alert.inStorm() && storms != null) {
            // Shown in its route's storm message (ADR 0014): that one shows the change.
            storms.refresh(alert);
            return alert;
        }
        if (!alert.hasMessage()) {
            throw new MessageNotPostedException(alert.alertId());
        }
        slack.update(alert);
        return alert;
    }
}
