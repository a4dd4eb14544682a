package io.klaxon.config;

import java.util.List;
import java.util.Set;

/**
 * A destination as the file declares it (see the deliver module for what each type sends). Values
 * may hold {@code ${VAR}} placeholders, resolved when the deliver function starts: from the
 * environment locally, from the stack's destination-secrets secret in AWS. They are kept unresolved
 * here, so a configuration never holds a secret.
 *
 * @param type   one of {@link #TYPES}
 * @param routes the routes it hears (validated against {@code routes:}); empty: every route
 * @param events the lifecycle detail-types it hears ({@code Alert Opened} …); empty: its type's defaults
 * @param locale {@code en} or {@code zh-CN}; null: English
 */
public record DestinationSpec(String name, String type, String url, String secret,
                              String routingKey, List<String> to, Set<String> routes,
                              Set<String> events, String locale) {

    public static final List<String> TYPES = List.of("pagerduty", "teams", "dingtalk", "wecom", "feishu",
            "webhook", "email");
    public static final List<String> EVENTS = List.of("Alert Opened", "Alert Refired", "Alert Claimed",
            "Alert Unclaimed", "Alert Escalated", "Alert Snoozed", "Alert Resolved");
    public static final List<String> LOCALES = List.of("en", "zh-CN");
    /** A placeholder names an environment variable or a field of the destination-secrets secret. */
    public static final String PLACEHOLDER = "\\$\\{([A-Z_][A-Z0-9_]*)}";

    public DestinationSpec {
        to = List.copyOf(to);
        routes = Set.copyOf(routes);
        events = Set.copyOf(events);
    }
}
