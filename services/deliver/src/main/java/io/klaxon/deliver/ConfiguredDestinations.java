package io.klaxon.deliver;

import io.klaxon.config.ConfigLocation;
import io.klaxon.config.DestinationSpec;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The destinations of the configuration the function was built with, placeholders resolved once at
 * start-up (so a missing secret fails the function's start, naming it, rather than every delivery).
 */
public final class ConfiguredDestinations implements Destinations {

    private final List<Destination> all;

    /**
     * @param env    the function's environment (for {@code LAMBDA_TASK_ROOT} and the built-in defaults)
     * @param values a placeholder's value by variable name
     */
    public ConfiguredDestinations(Function<String, String> env, Function<String, String> values) {
        this.all = ConfigLocation.loadForFunction(env).destinations().stream().map(spec -> destination(spec, values)).toList();
    }

    @Override
    public List<Destination> all() {
        return all;
    }

    public static Destination destination(DestinationSpec spec, Function<String, String> values) {
        String name = spec.name();
        return new Destination(name, DestinationType.fromWire(spec.type()),
                Placeholders.resolve(spec.url(), name, values), Placeholders.resolve(spec.secret(), name, values),
                Placeholders.resolve(spec.routingKey(), name, values),
                spec.to().stream().map(t -> Placeholders.resolve(t, name, values)).toList(), spec.routes(),
                spec.events().stream().map(LifecycleEventType::fromDetailType).collect(Collectors.toSet()),
                spec.locale());
    }
}
