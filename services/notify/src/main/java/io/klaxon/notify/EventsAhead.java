package io.klaxon.notify;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.PublishedAhead;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.domain.workflow.Change;
import io.klaxon.domain.workflow.TaskResult;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Provider;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a change's lifecycle event on the bus as soon as Slack fails the step that tells it (ADR 0012
 * amendment). The workflow publishes a step's event after the step, so while Slack refuses Klaxon or
 * is down, a change would reach no destination until Slack is back: a pager would stay silent during
 * exactly the outage it is there for. Once an event went ahead, the step that later gets through
 * returns none, so the workflow does not publish it a second time.
 *
 * <p>The bus and the record are built on first use: a cold notify whose Slack works never needs them.
 */
final class EventsAhead {

    private static final Logger LOG = LoggerFactory.getLogger(EventsAhead.class);

    private final AlertService alerts;
    private final Provider<EventPublisher> bus;
    private final Provider<PublishedAhead> published;
    private final Clock clock;

    EventsAhead(AlertService alerts, Provider<EventPublisher> bus, Provider<PublishedAhead> published, Clock clock) {
        this.alerts = alerts;
        this.bus = bus;
        this.published = published;
        this.clock = clock;
    }

    /** The event a step tells for its change, built from the alert as it reads now; null when the change has none. */
    @Nullable
    static BusEvent<LifecycleEvent> eventOf(Alert alert, Change change, Instant now) {
        return change.event() == null ? null : LifecycleEvent.of(alert, change.actor(), now).onBus(change.event());
    }

    /**
     * Slack failed a step telling this change: publish its event now, once per change. Never throws:
     * the Slack failure is what the workflow must see, and retry; a publish that fails here is left
     * to the step that gets through.
     */
    void publish(String alertId, @Nullable Change change) {
        if (change == null || change.event() == null) {
            return;
        }
        long version = change.entry().version();
        try {
            if (published.get().contains(alertId, version)) {
                return;
            }
            BusEvent<LifecycleEvent> event = eventOf(alerts.require(alertId), change, clock.instant());
            bus.get().publish(List.of(event));
            published.get().record(alertId, version);
            LOG.info("{} published ahead of Slack, which failed the step telling it", change.event().detailType());
        } catch (RuntimeException e) {
            LOG.warn("could not publish {} ahead of Slack ({}); the step publishes it once Slack takes it",
                    change.event().detailType(), e.toString());
        }
    }

    /**
     * The step's result, without its event when that event went ahead. When the record cannot be read
     * the event stays: a destination hearing a change twice is better than failing a step Slack has
     * shown already, whose retry would tell the thread again.
     */
    TaskResult withoutPublished(String alertId, @Nullable Change change, TaskResult result) {
        if (result.event() == null || change == null) {
            return result;
        }
        try {
            if (!published.get().contains(alertId, change.entry().version())) {
                return result;
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read whether {} went ahead of Slack ({}); publishing it with the step",
                    change.event().detailType(), e.toString());
            return result;
        }
        LOG.info("{} was published ahead of Slack; the step that told it publishes nothing", change.event().detailType());
        return new TaskResult(result.outcome(), result.alert(), null, result.change());
    }
}
