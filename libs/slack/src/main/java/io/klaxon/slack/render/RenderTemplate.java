package io.klaxon.slack.render;

import java.util.List;
import java.util.Objects;

/**
 * What an alert's message shows: which facts, in which order and under which labels, and whether
 * the summary, labels, resources and links appear. The render side of a route's message template
 * (the functions map klaxon.yaml's templates onto it, so this library needs no configuration
 * types). Header, status line, notes, buttons and footer always show: they are what a responder
 * acts on.
 */
public record RenderTemplate(List<Field> fields, boolean summary, boolean labels, boolean resources,
                             boolean links) {

    /** A section holds at most 10 fields in Slack; more would be refused. */
    public static final int MAX_FIELDS = 10;

    /** Today's layout, which every alert of an unknown or template-less route gets. */
    public static final RenderTemplate DEFAULT = new RenderTemplate(List.of(
            new Field(Fact.ACCOUNT, "Account"), new Field(Fact.REGION, "Region"), new Field(Fact.SOURCE, "Source"),
            new Field(Fact.ROUTE, "Route"), new Field(Fact.OPENED, "Opened")), true, true, true, true);

    public RenderTemplate {
        fields = List.copyOf(fields);
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("a template shows at most " + MAX_FIELDS + " facts, not "
                    + fields.size());
        }
    }

    /** A fact of the alert, shown side by side with the others. */
    public enum Fact {
        ACCOUNT, REGION, SOURCE, ROUTE, OPENED, SEVERITY
    }

    /** One fact under a label (escaped when rendered, like every other text). */
    public record Field(Fact fact, String label) {
        public Field {
            Objects.requireNonNull(fact, "fact");
            Objects.requireNonNull(label, "label");
        }
    }

    /** The template of an alert's route, by the route's name. */
    @FunctionalInterface
    public interface Choice {

        /** Every route gets {@link RenderTemplate#DEFAULT}. */
        Choice DEFAULT_ONLY = route -> DEFAULT;

        /** @return the route's template; {@link RenderTemplate#DEFAULT} for an unknown route */
        RenderTemplate forRoute(String route);
    }
}
