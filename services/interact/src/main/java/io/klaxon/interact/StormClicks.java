package io.klaxon.interact;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.port.StormWatch;
import io.klaxon.domain.port.WorkflowOutcome;
import io.klaxon.domain.port.WorkflowStarter;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.workflow.Tell;
import io.klaxon.slack.StormAction;
import io.klaxon.interact.slack.Replies;
import io.klaxon.slack.render.StormGroups;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clicks on a storm message (ADR 0014). "Claim all" and a group's "Claim" claim each open, unclaimed
 * alert through the same race-safe path as its own Claim button ({@link InteractService#clickOneOfMany}),
 * so each one's workflow resumes and renders; the alerts someone else got first are told to the
 * clicker in one note. "Open as its own message" takes one alert out of the storm message and asks
 * its workflow to post its own.
 */
@Singleton
public class StormClicks {

    private static final Logger LOG = LoggerFactory.getLogger(StormClicks.class);
    private static final int MAX_NAMED = 5;

    /**
     * How long a storm click may spend claiming: Slack wants its answer within 3 s, and the HTTP API
     * and the answer itself need some of that. What is not claimed by then stays unclaimed (its
     * timers run on), and the clicker is told to click again; nothing is done after the answer,
     * which Lambda would freeze.
     */
    static final Duration CLICK_BUDGET = Duration.ofMillis(2000);
    /**
     * Reads and claims under way at once: each waits on the network (a DynamoDB read, a conditional
     * write and a workflow call), so a storm of hundreds is claimed within the budget, not one by one.
     */
    static final int AT_ONCE = 16;

    private final AlertService alerts;
    private final InteractService interact;
    private final Provider<StormWatch> watch;
    private final WorkflowStarter workflows;
    private final Duration budget;

    @Inject
    public StormClicks(AlertService alerts, InteractService interact, Provider<StormWatch> watch,
                       WorkflowStarter workflows) {
        this(alerts, interact, watch, workflows, CLICK_BUDGET);
    }

    /** @param budget how long a click may spend claiming, see {@link #CLICK_BUDGET} */
    StormClicks(AlertService alerts, InteractService interact, Provider<StormWatch> watch, WorkflowStarter workflows,
                Duration budget) {
        this.alerts = alerts;
        this.interact = interact;
        this.watch = watch;
        this.workflows = workflows;
        this.budget = budget;
    }

    /** What the storm click asked; {@code groupKey} for a group, {@code alertId} for opening one. */
    public record StormClick(StormAction action, @Nullable String stormId, @Nullable String groupKey, @Nullable String alertId,
                             Actor actor, String channelId, @Nullable String responseUrl) {
    }

    /** @return how many alerts the click changed */
    public int click(StormClick click) {
        if (click.action() == StormAction.OPEN_ALERT) {
            return open(click);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        List<Alert> members;
        try {
            members = inParallel(watch.get().members(click.stormId()), id -> alerts.store().get(id)).stream()
                    .flatMap(Optional::stream).toList();
        } catch (StoreUnavailableException e) {
            LOG.error("could not read storm stormId={}: {}", click.stormId(), e.toString());
            tell(click, click.stormId(), Replies.unavailable(true));
            return 0;
        }
        return switch (click.action()) {
            case CLAIM_ALL -> claim(click, members, deadline);
            case CLAIM_GROUP -> claim(click, members.stream().filter(a -> StormGroups.key(a).equals(click.groupKey())).toList(),
                    deadline);
            case OPEN_ALERT -> open(click);
        };
    }

    private int claim(StormClick click, List<Alert> targets, long deadline) {
        List<Alert> unclaimed = targets.stream().filter(a -> a.state() == AlertState.UNCLAIMED).toList();
        // The version the storm message showed is not known per alert: claim it as it is, unless it moved on.
        // A claim not started by the deadline is left for the next click (null).
        List<InteractService.Status> outcomes = inParallel(unclaimed, alert -> System.nanoTime() - deadline > 0 ? null
                : interact.clickOneOfMany(alert.alertId(), new Command.Claim(click.actor(), alert.version())).status());
        int claimed = 0;
        int left = 0;
        int failed = 0;
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < unclaimed.size(); i++) {
            InteractService.Status status = outcomes.get(i);
            if (status == null) {
                left++;
            } else if (status == InteractService.Status.APPLIED) {
                claimed++;
            } else if (status == InteractService.Status.UNAVAILABLE) {
                failed++;
            } else {
                refused.add(unclaimed.get(i).signal().title());
            }
        }
        LOG.info("storm claim stormId={} group={} actor={} claimed={} refused={} failed={} left={}", click.stormId(),
                click.groupKey(), click.actor().id(), claimed, refused.size(), failed, left);
        List<String> sentences = new ArrayList<>();
        if (!refused.isEmpty()) {
            String named = String.join(", ", refused.subList(0, Math.min(MAX_NAMED, refused.size())))
                    + (refused.size() > MAX_NAMED ? " and " + (refused.size() - MAX_NAMED) + " more" : "");
            sentences.add(refused.size() + " had moved on before your click (someone else claimed, resolved or snoozed"
                    + " them): " + named + ".");
        }
        if (failed + left > 0) {
            sentences.add((failed + left) + " are still unclaimed (" + (left > 0 ? "a click must be answered within 3 s"
                    : "the alert store did not take the change") + "): click again to claim them.");
        }
        if (!sentences.isEmpty()) {
            tell(click, targets.getFirst().alertId(), "You claimed " + claimed + "; " + String.join(" ", sentences));
        }
        return claimed;
    }

    /**
     * {@code work} applied to each item, at most {@link #AT_ONCE} at a time on virtual threads, the
     * results in the items' order. An unchecked exception of any item is thrown once all have ended.
     */
    private static <T, R> List<R> inParallel(List<T> items, Function<T, R> work) {
        Semaphore slots = new Semaphore(AT_ONCE);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> results = new ArrayList<>(items.size());
            for (T item : items) {
                results.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        return work.apply(item);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<R> out = new ArrayList<>(items.size());
            RuntimeException first = null;
            for (Future<R> result : results) {
                try {
                    out.add(result.get());
                } catch (ExecutionException e) {
                    out.add(null);
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while claiming", e);
                }
            }
            if (first != null) {
                throw first;
            }
            return out;
        }
    }

    private int open(StormClick click) {
        Optional<Alert> chosen = alerts.store().get(click.alertId());
        if (chosen.isEmpty() || chosen.get().stormId() == null) {
            tell(click, click.alertId(), "That alert is not in a storm (any more).");
            return 0;
        }
        Alert alert = chosen.get();
        if (alert.hasMessage()) {
            return 0;
        }
        // Out of the storm's message: its workflow's next render (this refresh) posts its own message.
        watch.get().leave(alert.stormId(), alert.alertId());
        Alert own = alerts.recordStorm(alert.alertId(), null);
        workflows.announce(new WorkflowOutcome(own.alertId(), own.version(), own.state(), null));
        LOG.info("alertId={} opened on its own from stormId={} by actor={}", own.alertId(), alert.stormId(),
                click.actor().id());
        return 1;
    }

    private void tell(StormClick click, String about, String text) {
        try {
            workflows.tell(new Tell(about, click.responseUrl(), click.actor().id(), click.channelId(), text), 0);
        } catch (RuntimeException e) {
            LOG.error("could not tell user={} about stormId={}: {}", click.actor().id(), click.stormId(), e.toString());
        }
    }
}
