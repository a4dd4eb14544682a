package io.klaxon.notify;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.klaxon.config.Schedule;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.port.PublishedAhead;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.InMemoryAlertStore;
import io.klaxon.domain.testing.MutableClock;
import io.klaxon.domain.workflow.TaskOp;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.web.SlackWebApiGateway;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notify as the workflow meets it in a test: the real {@link AlertService} over the in-memory store,
 * a clock the test moves, the real Slack Web API gateway talking to a Slack stub on 127.0.0.1, and a
 * bus that keeps what notify publishes ahead of a failing Slack step.
 */
final class NotifyWorld implements AutoCloseable {

    static final String TOKEN = "xoxb-notify-test";
    static final String ALERT_ID = "exec-0001";

    final InMemoryAlertStore store = new InMemoryAlertStore();
    final MutableClock clock = new MutableClock(Fixtures.T0);
    final SlackStubServer slackStub;
    final AlertService alerts = new AlertService(store, clock);
    /** Events notify published itself (ahead of a failing Slack step). */
    final List<BusEvent<?>> bus = new CopyOnWriteArrayList<>();
    /** While true, publishing fails as an unreachable bus would. */
    volatile boolean busDown;
    final PublishedAhead publishedAhead = new InMemoryPublishedAhead();
    private final Slack slack;
    final NotifyService notify;

    NotifyWorld() {
        this(false, 0, Map.of());
    }

    /** Notify with these on-call schedules, as its configuration file would give them. */
    static NotifyWorld withSchedules(Map<String, Schedule> schedules) {
        return new NotifyWorld(false, 0, schedules);
    }

    /**
     * A Slack that stamps messages with the world's clock (so history since a time finds them), and
     * a client that gives up after {@code timeoutMillis}, for a Slack that answers late.
     */
    static NotifyWorld withClientTimeout(int timeoutMillis) {
        return new NotifyWorld(true, timeoutMillis, Map.of());
    }

    private NotifyWorld(boolean slackUsesTheClock, int timeoutMillis, Map<String, Schedule> schedules) {
        this.slackStub = SlackStubServer.start(slackUsesTheClock ? clock : null);
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slackStub.url());
        if (timeoutMillis > 0) {
            config.setHttpClientReadTimeoutMillis(timeoutMillis);
        }
        slack = Slack.getInstance(config);
        EventPublisher publisher = events -> {
            if (busDown) {
                throw new EventPublisher.PublishException("bus unreachable", null);
            }
            bus.addAll(events);
        };
        notify = new NotifyService(alerts,
                new SlackWebApiGateway(slack.methods(TOKEN), new AlertMessageRenderer(), null),
                new EscalationMentions(schedules), clock, null, () -> publisher, () -> publishedAhead);
    }

    /** A FIRING signal opened an occurrence, as the workflow's open step does. */
    Alert opened() {
        return opened(Fixtures.policy());
    }

    /** The same, opened on a route with this policy snapshot. */
    Alert opened(EscalationPolicy policy) {
        return alerts.open(ALERT_ID, Fixtures.firing("sig-1", Fixtures.T0), policy).alert();
    }

    /** The lifecycle events on the bus, in the order published. */
    List<LifecycleEvent> published() {
        return bus.stream().map(e -> (LifecycleEvent) e.detail()).toList();
    }

    static TaskRequest op(TaskOp op) {
        return TaskRequest.of(op, ALERT_ID);
    }

    private static final class InMemoryPublishedAhead implements PublishedAhead {
        private final Set<String> changes = ConcurrentHashMap.newKeySet();

        @Override
        public boolean contains(String alertId, long version) {
            return changes.contains(alertId + "/" + version);
        }

        @Override
        public void record(String alertId, long version) {
            changes.add(alertId + "/" + version);
        }
    }

    @Override
    public void close() throws Exception {
        slack.close();
        slackStub.close();
    }
}
