package io.klaxon.local.bus;

import io.klaxon.domain.port.EventPublisher;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.local.template.TemplateModel.BusRule;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.Machine;

/**
 * The Klaxon bus on one machine. Events get the EventBridge envelope, are matched with AWS's Event
 * Ruler against the rules read from the template, and are delivered to their targets
 * asynchronously, in order, as EventBridge would. A target that fails is logged and the event kept
 * in {@link #undelivered()} — nothing is dropped silently.
 */
public final class LocalBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBus.class);
    private static final int RECENT_LIMIT = 500;

    private final Machine machine = new Machine();
    private final Map<String, String> targetOfRule = new LinkedHashMap<>();
    private final Map<String, Consumer<String>> targets = new ConcurrentHashMap<>();
    private final List<String> recent = Collections.synchronizedList(new ArrayList<>());
    private final List<String> undelivered = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "klaxon-local-bus");
        t.setDaemon(true);
        return t;
    });
    private final String name;
    private final JsonMapper json;
    private final Clock clock;
    private final String account;
    private final String region;

    /** @param name the bus's name, as the template's {@code !Ref} of it resolves */
    public LocalBus(String name, List<BusRule> rules, JsonMapper json, Clock clock, String account, String region) {
        this.name = name;
        this.json = json;
        this.clock = clock;
        this.account = account;
        this.region = region;
        int n = 0;
        for (BusRule rule : rules) {
            String ruleId = rule.name() + "#" + (n++);
            try {
                machine.addRule(ruleId, new String(json.writeValueAsBytes(rule.pattern())));
            } catch (Exception e) {
                throw new IllegalStateException("rule " + rule.name() + " has a pattern Event Ruler rejects: "
                        + e.getMessage(), e);
            }
            targetOfRule.put(ruleId, rule.targetLogicalId());
        }
    }

    public String name() {
        return name;
    }

    /** The bus's ARN, the resource {@code events:PutEvents} is authorized on. */
    public String arn() {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
    }

    /** Whether PutEvents with this {@code EventBusName} (a name or an ARN) lands on this bus. */
    public boolean isNamed(String nameOrArn) {
        return name.equals(nameOrArn) || arn().equals(nameOrArn);
    }

    /** Connects a template resource (by logical id) to what runs it locally. */
    public void connect(String logicalId, Consumer<String> target) {
        targets.put(logicalId, target);
    }

    /** PutEvents: returns at once; delivery to the rules' targets happens in the background, in order. */
    public void publish(List<? extends BusEvent<?>> events) {
        for (BusEvent<?> event : events) {
            String envelope = envelope(event);
            remember(envelope);
            LOG.info("bus <- {} ({})", event.detailType(), event.source());
            delivery.execute(() -> deliver(envelope));
        }
    }

    /**
     * An event an AWS service puts on this bus (e.g. Step Functions' status changes on the default
     * bus), with the resources its envelope names.
     */
    public void publishAs(String source, String detailType, Object detail, List<String> resources) {
        String envelope = envelope(new BusEvent<>(source, detailType, detail), resources);
        remember(envelope);
        LOG.info("{} bus <- {} ({})", name, detailType, source);
        delivery.execute(() -> deliver(envelope));
    }

    /**
     * One PutEvents entry as it arrives over the wire: the detail is JSON text.
     *
     * @throws IllegalArgumentException when the detail is not a JSON object (EventBridge refuses it too)
     */
    public void publishEntry(String source, String detailType, String detailJson) {
        Object detail;
        try {
            detail = json.readValue(detailJson == null ? "{}" : detailJson, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("Detail is malformed: " + e.getMessage(), e);
        }
        publish(List.of(new BusEvent<>(source, detailType, detail)));
    }

    /** The rule targets (logical ids) an event in EventBridge JSON would reach. */
    public List<String> targetsFor(String eventJson) {
        try {
            return machine.rulesForJSONEvent(eventJson).stream().map(targetOfRule::get).distinct().toList();
        } catch (Exception e) {
            throw new IllegalArgumentException("not an event Event Ruler can match: " + e.getMessage(), e);
        }
    }

    private void deliver(String envelope) {
        for (String target : targetsFor(envelope)) {
            Consumer<String> consumer = targets.get(target);
            if (consumer == null) {
                LOG.debug("no local target for {}", target);
                continue;
            }
            try {
                consumer.accept(envelope);
            } catch (RuntimeException e) {
                undelivered.add(envelope);
                LOG.error("bus delivery to {} failed: {}", target, e.toString());
            }
        }
    }

    private String envelope(BusEvent<?> event) {
        return envelope(event, List.of());
    }

    private String envelope(BusEvent<?> event, List<String> resources) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("version", "0");
        env.put("id", UUID.randomUUID().toString());
        env.put("detail-type", event.detailType());
        env.put("source", event.source());
        env.put("account", account);
        env.put("time", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("region", region);
        env.put("resources", resources);
        env.put("detail", event.detail());
        try {
            return new String(json.writeValueAsBytes(env));
        } catch (IOException e) {
            throw new EventPublisher.PublishException("cannot serialize " + event.detailType(), e);
        }
    }

    private void remember(String envelope) {
        synchronized (recent) {
            recent.add(envelope);
            if (recent.size() > RECENT_LIMIT) {
                recent.removeFirst();
            }
        }
    }

    /** The newest events put on the bus (EventBridge JSON), oldest first. */
    public List<String> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public List<String> undelivered() {
        return List.copyOf(undelivered);
    }

    @Override
    public void close() throws InterruptedException {
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }
}
