package io.klaxon.deliver.cli;

import io.klaxon.config.ConfigLocation;
import io.klaxon.config.DestinationSpec;
import io.klaxon.config.InvalidConfigException;
import io.klaxon.config.KlaxonConfig;
import io.klaxon.deliver.ConfiguredDestinations;
import io.klaxon.deliver.ConsoleMailer;
import io.klaxon.deliver.DeliverService;
import io.klaxon.deliver.DeliveryFailedException;
import io.klaxon.deliver.Destination;
import io.klaxon.deliver.DestinationType;
import io.klaxon.deliver.LifecycleBusEvent;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.send.Answers;
import io.klaxon.deliver.send.HttpSender;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.signal.Severity;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./klaxon test-destination NAME}: sends one sample "Alert Opened" to a configured destination,
 * placeholders filled from the environment, and prints what it answered. Exit 0 when it took it, 1
 * when it did not, 2 for a usage or configuration error (as {@code ./klaxon config check} prints it).
 */
public final class TestDestinationCommand {

    private TestDestinationCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath()));
    }

    static int run(String[] args, Map<String, String> env, Path root) {
        if (args.length != 1) {
            System.err.println("usage: ./klaxon test-destination NAME   (a destination of $KLAXON_CONFIG, else klaxon.yaml)");
            return 2;
        }
        KlaxonConfig config;
        try {
            config = ConfigLocation.resolve(env, root).load(env);
        } catch (InvalidConfigException e) {
            e.errors().forEach(System.err::println);
            return 2;
        }
        DestinationSpec spec = config.destinations().stream().filter(d -> d.name().equals(args[0])).findFirst()
                .orElse(null);
        if (spec == null) {
            System.err.println("klaxon test-destination: no destination '" + args[0] + "' in " + config.source()
                    + " (it has " + config.destinations().stream().map(DestinationSpec::name).toList() + ")");
            return 2;
        }
        Destination destination;
        try {
            destination = ConfiguredDestinations.destination(spec, env::get);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("klaxon test-destination: " + e.getMessage());
            return 2;
        }
        Clock clock = Clock.systemUTC();
        DeliverService service = new DeliverService(new HttpSender(
                new Answers(JsonMapper.createDefault()), clock), new ConsoleMailer(), clock, d -> Thread.sleep(d));
        try {
            DeliverService.Outcome outcome = service.deliver(destination, sample(destination));
            System.out.println(destination.name() + " (" + destination.type().wire() + "): " + switch (outcome) {
                case DELIVERED -> destination.type() == DestinationType.EMAIL ? "printed (email is sent by SES when deployed)"
                        : "delivered";
                case REFUSED -> "refused (see the log line above: check its url, token or secret)";
                case SKIPPED -> "does not hear \"Alert Opened\" (its events:)";
            });
            return outcome == DeliverService.Outcome.REFUSED ? 1 : 0;
        } catch (DeliveryFailedException e) {
            System.out.println(destination.name() + " (" + destination.type().wire() + "): not delivered: " + e.getMessage());
            return 1;
        }
    }

    private static Notice sample(Destination destination) {
        String id = "test-" + UUID.randomUUID();
        Instant now = Instant.now();
        LifecycleEvent event = new LifecycleEvent("1", "klaxon:test-destination:" + destination.name(), id, 1,
                AlertState.UNCLAIMED, Actor.SYSTEM, now, destination.routes().stream().findFirst().orElse("default"),
                0, false, null, null, null, null, "Klaxon test alert for destination " + destination.name(),
                Severity.INFO, "klaxon-test", 0, false, List.of());
        String raw;
        try {
            raw = JsonMapper.createDefault().writeValueAsString(new LifecycleBusEvent("0", id,
                    LifecycleEventType.OPENED.detailType(), "klaxon", null, now, null, List.of(), event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Notice(LifecycleEventType.OPENED, event, id, raw);
    }
}
