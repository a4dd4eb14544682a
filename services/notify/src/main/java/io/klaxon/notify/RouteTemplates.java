package io.klaxon.notify;

import io.klaxon.config.KlaxonConfig;
import io.klaxon.config.MessageTemplate;
import io.klaxon.config.Route;
import io.klaxon.slack.render.RenderTemplate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each route's message template, from the configuration notify was built with, in the renderer's
 * terms. The alert names its route (its policy snapshot's {@code route}); a route the configuration
 * no longer has (the file changed while the alert was open) gets the {@code default} template, as
 * the file declares it (or the built-in one).
 */
public final class RouteTemplates implements RenderTemplate.Choice {

    private final Map<String, RenderTemplate> byRoute;
    private final RenderTemplate fallback;

    public RouteTemplates(KlaxonConfig config) {
        Map<String, RenderTemplate> map = new LinkedHashMap<>();
        for (Route route : config.routes()) {
            MessageTemplate template = config.template(route);
            if (template != null) {
                map.put(route.name(), toRender(template));
            }
        }
        this.byRoute = Map.copyOf(map);
        MessageTemplate declaredDefault = config.templates().get(MessageTemplate.DEFAULT);
        this.fallback = declaredDefault == null ? RenderTemplate.DEFAULT : toRender(declaredDefault);
    }

    @Override
    public RenderTemplate forRoute(String route) {
        return route == null ? fallback : byRoute.getOrDefault(route, fallback);
    }

    /** The configuration's template as the renderer takes it: the same facts, order, labels and switches. */
    static RenderTemplate toRender(MessageTemplate template) {
        return new RenderTemplate(template.fields().stream()
                .map(f -> new RenderTemplate.Field(fact(f.fact()), f.label())).toList(),
                template.summary(), template.labels(), template.resources(), template.links());
    }

    private static RenderTemplate.Fact fact(MessageTemplate.Fact fact) {
        return switch (fact) {
            case ACCOUNT -> RenderTemplate.Fact.ACCOUNT;
            case REGION -> RenderTemplate.Fact.REGION;
            case SOURCE -> RenderTemplate.Fact.SOURCE;
            case ROUTE -> RenderTemplate.Fact.ROUTE;
            case OPENED -> RenderTemplate.Fact.OPENED;
            case SEVERITY -> RenderTemplate.Fact.SEVERITY;
        };
    }
}
