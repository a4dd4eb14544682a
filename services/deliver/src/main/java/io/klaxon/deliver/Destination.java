package io.klaxon.deliver;

import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One configured destination, with its secrets already resolved (from the environment locally, from
 * Secrets Manager in AWS). {@link #toString()} never shows a secret or the URL (a webhook URL often
 * carries a token), so a destination can be logged by name safely.
 *
 * @param url        where to deliver; for types with a default endpoint (PagerDuty) null means it
 * @param secret     the signing secret (DingTalk, Feishu, webhook); null: unsigned
 * @param routingKey PagerDuty's integration key
 * @param to         email recipients
 * @param routes     the routes it hears; empty: every route
 * @param events     the lifecycle events it hears; empty: its type's defaults
 * @param locale     {@code zh-CN} for Simplified Chinese text; null: English
 */
public record Destination(String name, DestinationType type, @Nullable String url, @Nullable String secret,
                          @Nullable String routingKey, List<String> to, Set<String> routes,
                          Set<LifecycleEventType> events, @Nullable String locale) {

    public Destination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        to = to == null ? List.of() : List.copyOf(to);
        routes = routes == null ? Set.of() : Set.copyOf(routes);
        events = events == null || events.isEmpty() ? type.defaultEvents() : Set.copyOf(events);
        if (url == null) {
            url = type.defaultUrl();
        }
        if (url == null && type != DestinationType.EMAIL) {
            throw new IllegalArgumentException("destination '" + name + "' (" + type.wire() + ") needs a url");
        }
        if (type == DestinationType.PAGERDUTY && (routingKey == null || routingKey.isBlank())) {
            throw new IllegalArgumentException("destination '" + name + "' (pagerduty) needs a routingKey");
        }
        if (type == DestinationType.EMAIL && to.isEmpty()) {
            throw new IllegalArgumentException("destination '" + name + "' (email) needs at least one address in to");
        }
    }

    /** Whether this destination hears an event of {@code type} on {@code route}. */
    public boolean hears(LifecycleEventType event, @Nullable String route) {
        return events.contains(event) && (routes.isEmpty() || (route != null && routes.contains(route)));
    }

    public boolean chinese() {
        return "zh-CN".equalsIgnoreCase(locale);
    }

    @Override
    public String toString() {
        return "Destination[" + name + " (" + type.wire() + ")]";
    }
}
