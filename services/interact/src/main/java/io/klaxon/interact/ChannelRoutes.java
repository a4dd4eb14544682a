package io.klaxon.interact;

import io.klaxon.config.KlaxonConfig;
import io.klaxon.config.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which routes post to which channel, from the configuration the function was built with: what
 * {@code /klaxon list} lists for the channel it is typed in.
 *
 * @param source where the routes come from (the file, or the built-in configuration), for messages
 */
public record ChannelRoutes(String source, Map<String, List<String>> byChannel) {

    public ChannelRoutes {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byChannel.forEach((channel, routes) -> copy.put(channel, List.copyOf(routes)));
        byChannel = Collections.unmodifiableMap(copy);
    }

    public static ChannelRoutes of(KlaxonConfig config) {
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (Route route : config.routes()) {
            if (route.channel() != null && !route.channel().isBlank()) {
                byChannel.computeIfAbsent(route.channel(), c -> new ArrayList<>()).add(route.name());
            }
        }
        return new ChannelRoutes(config.source(), byChannel);
    }

    /** The routes posting to {@code channel}, in file order; none when no route does. */
    public List<String> routes(String channel) {
        return channel == null ? List.of() : byChannel.getOrDefault(channel, List.of());
    }
}
