package io.klaxon.notify;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.storm.Storm;
import io.klaxon.domain.storm.StormSettings;
import io.klaxon.slack.SlackBusyException;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackUnavailableException;
import io.klaxon.slack.render.SlackText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storm mode in the workflow's Slack steps (ADR 0014): decides at an alert's first post whether it
 * shows in its route's storm message instead of one of its own, keeps that message current (posted
 * once, then edited in place, coalesced), and ends the storm when the route calms down.
 */
final class StormMessages {

    private static final Logger LOG = LoggerFactory.getLogger(StormMessages.class);

    /** How long a step waits for the step that is posting the storm message (the workflow retries). */
    private static final Duration POSTING_ELSEWHERE = Duration.ofSeconds(2);

    private final AlertService alerts;
    private final Supplier<StormWatch> watches;
    private final SlackGateway slack;
    private final Clock clock;

    StormMessages(AlertService alerts, Supplier<StormWatch> watches, SlackGateway slack, Clock clock) {
        this.alerts = alerts;
        this.watches = watches;
        this.slack = slack;
        this.clock = clock;
    }

    /**
     * Counts the alert's open on its route and, when the route is in a storm or this open pushes it
     * over the threshold, puts the alert in the storm. Idempotent: a retried post counts the open
     * once and finds the alert placed already.
     *
     * @return the alert, with its storm when it shows in one
     */
    Alert place(Alert alert) {
        if (alert.stormId() != null || alert.hasMessage()) {
            return alert;
        }
        try {
            watch();
        } catch (RuntimeException e) {
            // Detection is bookkeeping: without it the alert gets its own message (an extra message beats a lost one).
            LOG.warn("storm detection unavailable ({}); posting on its own", e.toString());
            return alert;
        }
        StormSettings settings = alert.policy().storm();
        String route = alert.policy().route();
        Duration window = Duration.ofSeconds(settings.windowSeconds());
        StormWatch.Opens recorded = watch().recordOpen(route, alert.alertId(), alert.openedAt(), window);
        if (!recorded.first()) {
            // A retried post: the first attempt decided. If it joined the storm but died before marking the
            // alert, finish that; otherwise it is on its own (or was opened on its own from the storm since).
            Optional<Storm> joined = watch().current(route).filter(s -> watch().members(s.stormId()).contains(alert.alertId()));
            return joined.isEmpty() ? alert : alerts.recordStorm(alert.alertId(), joined.get().stormId());
        }
        int opens = recorded.count();
        Optional<Storm> live = watch().current(route);
        if (live.isPresent() && endIfCalm(live.get(), settings)) {
            live = Optional.empty();
        }
        if (live.isEmpty() && opens <= settings.threshold()) {
            return alert;
        }
        Storm storm = live.orElseGet(() -> {
            Storm started = watch().enter(route, "storm-" + alert.alertId(), clock.instant());
            LOG.info("route={} stormId={} storm mode: {} alerts opened within {}s (threshold {})", route,
                    started.stormId(), opens, settings.windowSeconds(), settings.threshold());
            return started;
        });
        watch().join(storm.stormId(), alert.alertId());
        LOG.info("shows in stormId={}", storm.stormId());
        return alerts.recordStorm(alert.alertId(), storm.stormId());
    }

    /**
     * Makes the storm's message show its alerts as they are now: posts it once (the first step to
     * mark the post does it; others wait for it, see {@link #post}), then edits it in place.
     * Ends the storm afterwards when the route has calmed down.
     */
    void refresh(Alert alert) {
        Storm storm = watch().get(alert.stormId()).orElseThrow(() -> new IllegalStateException(
                "alert " + alert.alertId() + " names storm " + alert.stormId() + ", which is not stored"));
        if (!storm.hasMessage()) {
            storm = post(storm, alert.channel());
        } else {
            // The revision first, then the state it renders: a higher revision always read a newer state.
            // A retried step asks for the same revision (a render claimed since lets it skip), and the
            // render that gets Slack's slot shows every change counted by then: a storm's changes coalesce.
            Storm shown = storm;
            long wanted = watch().revisionFor(storm.stormId(), alert.alertId(), alert.revision());
            slack.updateStorm(shown, wanted, () -> watch().newestRevision(shown.stormId()), () -> members(shown));
        }
        endIfCalm(storm, alert.policy().storm());
    }

    /** Ends the alert's storm if its route has calmed down (a timer of one of its alerts ran). */
    void checkEnd(Alert alert) {
        watch().get(alert.stormId()).ifPresent(storm -> endIfCalm(storm, alert.policy().storm()));
    }

    /** A thread reply of the storm message about one of its alerts (an escalation, a reminder). */
    void reply(Alert alert, TimelineEntry entry, List<String> mentions) {
        Storm storm = watch().get(alert.stormId()).filter(Storm::hasMessage)
                .orElseThrow(() -> new MessageNotPostedException(alert.alertId()));
        String who = mentions.stream().map(SlackText::mention).filter(m -> !m.isEmpty()).collect(Collectors.joining(" "));
        slack.replyStorm(storm, storm.stormId() + "/" + SlackGateway.lineKey(alert, entry),
                () -> (who.isEmpty() ? "" : who + " ") + SlackText.singleLine(alert.signal().title()) + ": " + entry.text());
    }

    /**
     * Posts the storm's message once, as {@link NotifyService} posts an alert's (ADR 0003): the first step marks
     * the post; a later one waits while that mark's lease runs, then looks for its message, and posts only after
     * taking the stale mark over, which exactly one of several such steps wins.
     */
    private Storm post(Storm storm, String channel) {
        Instant attempt = clock.instant();
        Optional<Instant> earlier = watch().recordPostIntent(storm.stormId(), attempt);
        if (earlier.isPresent()) {
            if (attempt.isBefore(earlier.get().plus(NotifyService.POST_LEASE))) {
                // Another step is posting it, or its request may still land: wait for that one's message.
                throw new SlackBusyException("the message of storm " + storm.stormId() + " is being posted by another step",
                        POSTING_ELSEWHERE);
            }
            Optional<SlackGateway.MessageRef> landed = findPosted(storm, channel, earlier.get());
            if (landed.isPresent()) {
                Storm found = watch().recordMessage(storm.stormId(), landed.get().channel(), landed.get().ts());
                slack.updateStorm(found, members(found), watch().nextRevision(storm.stormId()));
                return found;
            }
            if (!watch().takeOverPostIntent(storm.stormId(), earlier.get(), attempt)) {
                throw new SlackBusyException("the message of storm " + storm.stormId() + " is being posted by the step "
                        + "that took the post over first", POSTING_ELSEWHERE);
            }
        }
        SlackGateway.MessageRef ref;
        try {
            ref = slack.postStorm(storm, channel, members(storm));
        } catch (SlackBusyException | SlackRejectedException nothingSent) {
            giveBackPostIntent(storm, attempt, earlier);
            throw nothingSent;
        } catch (SlackUnavailableException failed) {
            if (failed.certainlyNotSent()) {
                // No connection to Slack was made: as certainly not posted as a refusal.
                giveBackPostIntent(storm, attempt, earlier);
            } else if (NotifyService.answered(failed)) {
                // Slack answered: nothing is in flight, so the next step need not wait out the lease to look.
                endLease(storm, attempt);
            }
            throw failed;
        }
        return watch().recordMessage(storm.stormId(), ref.channel(), ref.ts());
    }

    /**
     * Certainly not posted: gives the mark back (a taken-over one to the stale mark it replaced, so the next step
     * takes over at once and still looks first).
     */
    private void giveBackPostIntent(Storm storm, Instant attempt, Optional<Instant> earlier) {
        if (earlier.isEmpty()) {
            watch().forgetPostIntent(storm.stormId(), attempt);
        } else {
            watch().takeOverPostIntent(storm.stormId(), attempt, earlier.get());
        }
    }

    /** Makes this attempt's mark stale (its time one lease earlier); bookkeeping that must not hide the failure. */
    private void endLease(Storm storm, Instant attempt) {
        try {
            watch().takeOverPostIntent(storm.stormId(), attempt, attempt.minus(NotifyService.POST_LEASE));
        } catch (RuntimeException e) {
            LOG.warn("stormId={} could not end the post lease after Slack answered: {}", storm.stormId(), e.toString());
        }
    }

    private Optional<SlackGateway.MessageRef> findPosted(Storm storm, String channel, Instant since) {
        try {
            return slack.findStormPosted(storm, channel, since.minus(NotifyService.LOOKUP_MARGIN));
        } catch (SlackRejectedException e) {
            LOG.warn("stormId={} cannot look for an earlier post ({}); posting again, which may show it twice",
                    storm.stormId(), e.error());
            return Optional.empty();
        }
    }

    /**
     * Ends the storm once it has lasted a window and fewer than the threshold opened within the last
     * one, and announces it in its thread. Only the caller that ends it announces.
     *
     * @return whether the storm is over
     */
    boolean endIfCalm(Storm storm, StormSettings settings) {
        if (storm.ended()) {
            sayOver(storm, settings);
            showNewest(storm);
            return true;
        }
        Instant now = clock.instant();
        Duration window = Duration.ofSeconds(settings.windowSeconds());
        if (Duration.between(storm.startedAt(), now).compareTo(window) < 0) {
            return false;
        }
        int opens = watch().countOpens(storm.route(), now, window);
        if (opens >= settings.threshold() || !watch().end(storm.stormId(), now)) {
            return opens < settings.threshold();
        }
        LOG.info("route={} stormId={} storm over: {} alerts opened within the last {}s (threshold {})", storm.route(),
                storm.stormId(), opens, settings.windowSeconds(), settings.threshold());
        Storm ended = watch().get(storm.stormId()).orElse(storm);
        if (ended.hasMessage()) {
            // The end's revision is counted before Slack is called: if the line fails, the retry (which finds the
            // storm ended) sees a revision newer than the one shown and renders the end (showNewest).
            long end = watch().nextRevision(storm.stormId());
            sayOver(ended, settings);
            slack.updateStorm(ended, members(ended), end);
        }
        return true;
    }

    /**
     * The ":sunny: Storm over" line in the storm's thread, once. Asked by the step that ends the storm and by
     * every step that finds it ended: when Slack failed the line, the ending step's retry finds the storm ended
     * and posts it then. The gateway posts a line once (its key is the storm's end), so the steps that find it
     * posted cost a refused conditional write and a read, and no Slack call (ADR 0014). Its count is of the window before the
     * end, whichever step says it.
     */
    private void sayOver(Storm storm, StormSettings settings) {
        if (!storm.hasMessage() || storm.endedAt() == null) {
            return;
        }
        Duration window = Duration.ofSeconds(settings.windowSeconds());
        slack.replyStorm(storm, storm.stormId() + "/end", () -> ":sunny: Storm over: "
                + watch().countOpens(storm.route(), storm.endedAt(), window) + " alerts opened on route " + storm.route()
                + " in the last " + SlackText.duration(window) + ", fewer than " + settings.threshold()
                + ". New alerts get their own messages again; the alerts above stay here.");
    }

    /**
     * Renders the storm's newest revision unless Slack shows it already. The step that ended the storm renders
     * the end with a revision of its own; when Slack fails that render, the step's retry (and every later one)
     * finds the storm ended and would otherwise leave the message showing it live. Wanting the revision just
     * below the newest makes the gateway skip exactly when the newest has landed.
     */
    private void showNewest(Storm storm) {
        if (storm.hasMessage()) {
            long newest = watch().newestRevision(storm.stormId());
            slack.updateStorm(storm, newest - 1, () -> watch().newestRevision(storm.stormId()), () -> members(storm));
        }
    }

    /** Looked up on first use (the function's context builds it lazily), then kept by the provider. */
    private StormWatch watch() {
        return watches.get();
    }

    private List<Alert> members(Storm storm) {
        return watch().members(storm.stormId()).stream().map(id -> alerts.store().get(id)).flatMap(Optional::stream).toList();
    }
}
