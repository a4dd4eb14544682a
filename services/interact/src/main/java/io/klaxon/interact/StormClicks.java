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
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private final AlertService alerts;
    private final InteractService interact;
    private final Provider<StormWatch> watch;
    private final WorkflowStarter workflows;

    public StormClicks(AlertService alerts, InteractService interact, Provider<StormWatch> watch,
                       WorkflowStarter workflows) {
        this.alerts = alerts;
        this.interact = interact;
        this.watch = watch;
        this.workflows = workflows;
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
        List<Alert> members;
        try {
            members = watch.get().members(click.stormId()).stream().map(id -> alerts.store().get(id))
                    .flatMap(Optional::stream).toList();
        } catch (StoreUnavailableException e) {
            LOG.error("could not read storm stormId={}: {}", click.stormId(), e.toString());
            tell(click, click.stormId(), Replies.unavailable(true));
            return 0;
        }
        return switch (click.action()) {
            case CLAIM_ALL -> claim(click, members);
            case CLAIM_GROUP -> claim(click, members.stream().filter(a -> StormGroups.key(a).equals(click.groupKey())).toList());
            case OPEN_ALERT -> open(click);
        };
    }

    private int claim(StormClick click, List<Alert> targets) {
        int claimed = 0;
        List<String> refused = new ArrayList<>();
        for (Alert alert : targets) {
            if (alert.state() != AlertState.UNCLAIMED) {
                continue;
            }
            // The version the storm message showed is not known per alert: claim it as it is, unless it moved on.
            InteractService.Feedback f = interact.clickOneOfMany(alert.alertId(),
                    new Command.Claim(click.actor(), alert.version()));
            if (f.status() == InteractService.Status.APPLIED) {
                claimed++;
            } else {
                refused.add(alert.signal().title());
            }
        }
        LOG.info("storm claim stormId={} group={} actor={} claimed={} refused={}", click.stormId(), click.groupKey(),
                click.actor().id(), claimed, refused.size());
        if (!refused.isEmpty()) {
            String named = String.join(", ", refused.subList(0, Math.min(MAX_NAMED, refused.size())))
                    + (refused.size() > MAX_NAMED ? " and " + (refused.size() - MAX_NAMED) + " more" : "");
            tell(click, targets.getFirst().alertId(), "You claimed " + claimed + "; " + refused.size()
                    + " had moved on before your click (someone else claimed, resolved or snoozed them): " + named);
        }
        return claimed;
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
