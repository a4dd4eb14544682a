package io.klaxon.config;

import java.util.List;
import java.util.Map;

/**
 * Which facts an alert's message shows, in which order and under which labels, and whether the
 * summary, labels, resources and links appear. {@value #DEFAULT} and {@value #COMPACT} are built in; a
 * file may declare either name to replace it, or any other name to add one.
 */
public record MessageTemplate(String name, List<Field> fields, boolean summary, boolean labels, boolean resources,
                              boolean links) {

    public static final String DEFAULT = "default";
    public static final String COMPACT = "compact";
    /** A section holds at most 10 fields in Slack. */
    public static final int MAX_FIELDS = 10;
    public static final int MAX_LABEL = 40;

    public MessageTemplate {
        fields = List.copyOf(fields);
    }

    /** A fact of the alert, shown side by side with the others. */
    public enum Fact {
        ACCOUNT("Account"), REGION("Region"), SOURCE("Source"), ROUTE("Route"), OPENED("Opened"),
        SEVERITY("Severity");

        private final String label;

        Fact(String label) {
            this.label = label;
        }

        /** The label shown when the template gives none. */
        public String defaultLabel() {
            return label;
        }

        /** As the file writes it. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Field(Fact fact, String label) {
    }

    /** Today's layout: every fact but severity (shown by the colour), summary, labels, resources, links. */
    static final MessageTemplate BUILT_IN_DEFAULT = new MessageTemplate(DEFAULT, List.of(
            field(Fact.ACCOUNT), field(Fact.REGION), field(Fact.SOURCE), field(Fact.ROUTE), field(Fact.OPENED)),
            true, true, true, true);
    /** For busy channels: where and when, and the console links; no summary, labels or resource list. */
    static final MessageTemplate BUILT_IN_COMPACT = new MessageTemplate(COMPACT, List.of(
            field(Fact.SOURCE), field(Fact.REGION), field(Fact.OPENED)), false, false, false, true);

    static final Map<String, MessageTemplate> BUILT_IN = Map.of(DEFAULT, BUILT_IN_DEFAULT, COMPACT, BUILT_IN_COMPACT);

    static Field field(Fact fact) {
        return new Field(fact, fact.defaultLabel());
    }
}
