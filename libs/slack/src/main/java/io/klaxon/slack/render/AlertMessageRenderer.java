package io.klaxon.slack.render;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.overflowMenu;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static io.klaxon.slack.render.SlackText.ELLIPSIS;
import static io.klaxon.slack.render.SlackText.actor;
import static io.klaxon.slack.render.SlackText.date;
import static io.klaxon.slack.render.SlackText.duration;
import static io.klaxon.slack.render.SlackText.escapeWithin;
import static io.klaxon.slack.render.SlackText.singleLine;

import com.slack.api.model.Attachment;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.MessageMenu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders an alert's Slack message from its state, and the thread replies of its timeline. Pure:
 * no I/O, no clock (every time shown comes from the alert, as a {@code <!date^…>} token), so the
 * same alert always renders the same message and golden files can pin it down.
 *
 * <p>Layout (ADR 0003): top-level blocks hold what a responder must see and act on (header, status,
 * notes, buttons); one attachment, coloured by state and severity, holds the details (summary,
 * facts, links, labels, resources). Every text is escaped and every block is budgeted, so an
 * oversized alert is cut with "…" and a link, never rejected.
 */
public final class AlertMessageRenderer {

    /** Below this, a cut summary says too little to be worth a block. */
    private static final int MIN_USEFUL_TEXT = 80;
    private static final int MAX_FALLBACK = 300;
    private static final int MAX_REPLY = 3000;
    private static final int MAX_MENTIONS = 20;
    private static final int MAX_RESOURCES_SHOWN = 20;
    private static final int MAX_LINK_LABEL = 100;
    /** A field's label: short, one line (klaxon.yaml refuses longer ones; this guards any other caller). */
    private static final int MAX_FIELD_LABEL = 40;

    private final RenderTemplate.Choice templates;

    /** Every alert in the {@link RenderTemplate#DEFAULT} layout. */
    public AlertMessageRenderer() {
        this(RenderTemplate.Choice.DEFAULT_ONLY);
    }

    /** @param templates the layout of each route's alerts (by {@code alert.policy().route()}) */
    public AlertMessageRenderer(RenderTemplate.Choice templates) {
        this.templates = java.util.Objects.requireNonNull(templates, "templates");
    }

    /** A button on the message, in display order. */
    public record Button(AlertAction action, String label, boolean primary) {
    }

    /** The buttons an alert offers in its current state; none once resolved. */
    public List<Button> buttons(Alert alert) {
        Button claim = new Button(AlertAction.CLAIM, "Claim", true);
        Button snooze = new Button(AlertAction.SNOOZE, "Snooze " + duration(AlertAction.BUTTON_SNOOZE), false);
        return switch (alert.state()) {
            case UNCLAIMED -> List.of(claim, new Button(AlertAction.RESOLVE, "Resolve", false), snooze);
            case CLAIMED -> List.of(new Button(AlertAction.RESOLVE, "Resolve", true),
                    new Button(AlertAction.UNCLAIM, "Unclaim", false));
            case SNOOZED -> alert.owner() == null
                    ? List.of(claim, new Button(AlertAction.RESOLVE, "Resolve", false))
                    : List.of(new Button(AlertAction.RESOLVE, "Resolve", true),
                    new Button(AlertAction.UNCLAIM, "Unclaim", false));
            case RESOLVED -> List.of();
        };
    }

    /**
     * Beside the buttons of an open alert: a select of snooze durations and an overflow of the
     * actions that open a modal (reassign, note, resolve with a note). An overflow holds at most
     * five options, so the four snooze choices have their own select.
     */
    private static List<BlockElement> menus(Alert alert) {
        List<OptionObject> snoozes = Arrays.stream(MessageMenu.SnoozeChoice.values())
                .map(c -> option(plainText(c.label(), true), MessageMenu.value(c.code(), alert.alertId(), alert.version())))
                .toList();
        List<OptionObject> more = Arrays.stream(MessageMenu.ModalAction.values())
                .map(a -> option(plainText(a.label(), true), MessageMenu.value(a.code(), alert.alertId(), alert.version())))
                .toList();
        return List.of(
                staticSelect(e -> e.actionId(MessageMenu.SNOOZE_ACTION_ID).placeholder(plainText("Snooze for…", true))
                        .options(snoozes)),
                overflowMenu(e -> e.actionId(MessageMenu.MORE_ACTION_ID).options(more)));
    }

    /** The message for {@code chat.postMessage} / {@code chat.update}, in its route's template. */
    public SlackMessage render(Alert alert) {
        RenderTemplate template = templates.forRoute(alert.policy().route());
        return render(alert, template == null ? RenderTemplate.DEFAULT : template);
    }

    /** The message in the given template, whatever the alert's route. */
    public SlackMessage render(Alert alert, RenderTemplate template) {
        AlertSignal signal = alert.signal();
        MessageBudget budget = new MessageBudget();
        String fallback = fallbackText(alert);
        budget.spend(0, fallback.length());

        // What must always be there: header, status line, buttons.
        String emoji = Palette.headerEmoji(alert.state(), signal.severity()) + " ";
        String headerText = emoji + escapeWithin(singleLine(signal.title()), MessageBudget.MAX_HEADER - emoji.length(), ELLIPSIS);
        String status = statusLine(alert);
        List<Button> buttons = buttons(alert);
        budget.spend(2 + (buttons.isEmpty() ? 0 : 1), headerText.length() + status.length()
                + buttons.stream().mapToInt(b -> b.label().length()).sum());

        List<String> notes = notes(alert);
        int notesChars = notes.stream().mapToInt(String::length).sum();
        boolean showNotes = !notes.isEmpty() && budget.fits(notesChars);
        if (showNotes) {
            budget.spend(1, notesChars);
        }

        // Details, decided in order of importance, shown in reading order.
        String moreUrl = firstWebLink(signal);
        String summary = null;
        if (template.summary() && !signal.summary().isBlank() && budget.fits(MIN_USEFUL_TEXT)) {
            String more = moreUrl == null ? ELLIPSIS : ELLIPSIS + " " + SlackText.link(moreUrl, "read the rest");
            summary = escapeWithin(signal.summary().strip(), budget.room(MessageBudget.MAX_SECTION), more);
            budget.spend(1, summary.length());
        }
        List<String> facts = facts(alert, template);
        int factsChars = facts.stream().mapToInt(String::length).sum();
        if (facts.isEmpty() || !budget.fits(factsChars)) {
            facts = List.of();
        } else {
            budget.spend(1, factsChars);
        }
        String links = !template.links() ? null
                : links(signal, budget.fits(MIN_USEFUL_TEXT) ? budget.room(MessageBudget.MAX_SECTION) : 0);
        if (links != null) {
            budget.spend(1, links.length());
        }
        String labels = !template.labels() ? null
                : labels(signal, budget.fits(MIN_USEFUL_TEXT) ? budget.room(MessageBudget.MAX_FIELD) : 0);
        if (labels != null) {
            budget.spend(1, labels.length());
        }
        String resources = !template.resources() ? null
                : resources(signal, budget.fits(MIN_USEFUL_TEXT) ? budget.room(MessageBudget.MAX_SECTION) : 0);
        if (resources != null) {
            budget.spend(1, resources.length());
        }
        String footer = "Klaxon · alert `" + escapeWithin(singleLine(alert.alertId()), 200, ELLIPSIS) + "` · version " + alert.version();
        boolean showFooter = budget.fits(footer.length());

        List<LayoutBlock> top = new ArrayList<>();
        top.add(header(h -> h.text(plainText(headerText, true))));
        top.add(section(s -> s.text(markdownText(status))));
        if (showNotes) {
            List<ContextBlockElement> elements = notes.stream().map(n -> (ContextBlockElement) markdownText(n)).toList();
            top.add(context(elements));
        }
        if (!buttons.isEmpty()) {
            String value = AlertAction.value(alert.alertId(), alert.version());
            List<BlockElement> elements = new ArrayList<>(buttons.stream().map(b -> (BlockElement) button(e -> e
                    .actionId(b.action().actionId())
                    .text(plainText(b.label(), true))
                    .value(value)
                    .style(b.primary() ? "primary" : null))).toList());
            elements.addAll(menus(alert));
            // A new block_id per version: Slack advises it for edited messages, and it lets a
            // reader of an interaction payload see which rendering was clicked.
            top.add(actions("klaxon.actions.v" + alert.version(), elements));
        }

        List<LayoutBlock> details = new ArrayList<>();
        if (summary != null) {
            String text = summary;
            details.add(section(s -> s.text(markdownText(text))));
        }
        if (!facts.isEmpty()) {
            List<TextObject> fields = facts.stream().map(f -> (TextObject) markdownText(f)).toList();
            details.add(section(s -> s.fields(fields)));
        }
        if (links != null) {
            details.add(section(s -> s.text(markdownText(links))));
        }
        if (labels != null) {
            details.add(context(List.of(markdownText(labels))));
        }
        if (resources != null) {
            details.add(section(s -> s.text(markdownText(resources))));
        }
        if (showFooter) {
            details.add(context(List.of(markdownText(footer))));
        }
        Attachment attachment = Attachment.builder()
                .color(Palette.color(alert.state(), signal.severity()))
                .fallback(fallback)
                .blocks(details)
                .build();
        return new SlackMessage(fallback, top, List.of(attachment));
    }

    /**
     * The message as text alone, for when Slack refuses the blocks (a limit we did not foresee): the
     * page still goes out, without buttons.
     */
    public String renderTextOnly(Alert alert) {
        String text = fallbackText(alert) + "\n" + statusLine(alert);
        if (!alert.signal().summary().isBlank()) {
            text += "\n" + escapeWithin(alert.signal().summary().strip(), MessageBudget.MAX_FIELD, ELLIPSIS);
        }
        String id = escapeWithin(singleLine(alert.alertId()), 200, ELLIPSIS);
        return text + "\nButtons unavailable: type `/klaxon claim " + id + "` or `/klaxon resolve " + id + "`";
    }

    /** The plain-text line Slack shows in notifications: severity, state and title. */
    public String fallbackText(Alert alert) {
        String prefix = alert.signal().severity().name() + " · " + stateWord(alert) + ": ";
        return prefix + escapeWithin(singleLine(alert.signal().title()), MAX_FALLBACK - prefix.length(), ELLIPSIS);
    }

    /**
     * A thread reply for one timeline entry. Mentions go first so they are seen in the notification;
     * only escalations and reminders pass any (message edits are silent, replies are not).
     */
    public String replyText(Alert alert, TimelineEntry entry, List<String> mentions) {
        String who = mentions == null ? "" : mentions.stream().limit(MAX_MENTIONS).map(SlackText::mention)
                .filter(m -> !m.isEmpty()).collect(Collectors.joining(" "));
        String prefix = (who.isEmpty() ? "" : who + " ") + Palette.timelineEmoji(entry.kind()) + " ";
        String suffix = " · " + date(entry.at());
        return prefix + escapeWithin(entry.text(), MAX_REPLY - prefix.length() - suffix.length(), ELLIPSIS) + suffix;
    }

    // ---- pieces ----------------------------------------------------------------------------

    private static String stateWord(Alert alert) {
        return switch (alert.state()) {
            case UNCLAIMED -> "Unclaimed";
            case CLAIMED -> "Claimed";
            case SNOOZED -> "Snoozed";
            case RESOLVED -> givenUp(alert) ? "Closed" : "Resolved";
        };
    }

    /**
     * Whether Klaxon closed the alert itself because it gave up on its workflow ({@code Lifecycle.abandon},
     * ADR 0010): resolved by the system while its source never reported a recovery. "Resolved" would tell
     * the channel the problem is gone, which nothing says.
     */
    private static boolean givenUp(Alert alert) {
        return alert.resolvedBy() != null && alert.resolvedBy().kind() == Actor.Kind.SYSTEM
                && alert.recoveredAt() == null;
    }

    /** Severity, state, who and when, and how long it took: one line of mrkdwn. */
    private static String statusLine(Alert alert) {
        StringBuilder s = new StringBuilder("*").append(alert.signal().severity().name()).append("* · ");
        switch (alert.state()) {
            case UNCLAIMED -> s.append("*Unclaimed* since ").append(date(alert.openedAt()));
            case CLAIMED -> {
                s.append("*Claimed* by ").append(actor(alert.owner()));
                if (alert.claimedAt() != null) {
                    s.append(' ').append(date(alert.claimedAt()));
                }
                if (alert.timeToClaim() != null) {
                    s.append(" · time to claim ").append(duration(alert.timeToClaim()));
                }
            }
            case SNOOZED -> {
                s.append("*Snoozed*");
                if (alert.snoozedUntil() != null) {
                    s.append(" until ").append(date(alert.snoozedUntil()));
                }
                s.append(alert.owner() == null ? " · nobody owns it" : " · owned by " + actor(alert.owner()));
            }
            case RESOLVED -> {
                boolean bySystem = alert.resolvedBy() == null || alert.resolvedBy().kind() == Actor.Kind.SYSTEM;
                s.append(givenUp(alert) ? "*Closed* by Klaxon, not known to be fixed"
                        : bySystem ? "*Resolved* automatically" : "*Resolved* by " + actor(alert.resolvedBy()));
                if (alert.resolvedAt() != null) {
                    s.append(' ').append(date(alert.resolvedAt()));
                }
                s.append(alert.timeToClaim() == null ? " · never claimed"
                        : " · time to claim " + duration(alert.timeToClaim()));
                if (alert.timeToResolve() != null) {
                    s.append(" · time to resolve ").append(duration(alert.timeToResolve()));
                }
            }
        }
        if (alert.escalationLevel() > 0) {
            s.append(" · :mega: escalation level ").append(alert.escalationLevel());
            if (alert.policy().level(alert.escalationLevel()).page()) {
                s.append(" (paged)");
            }
        }
        return s.toString();
    }

    /** Refires and recoveries: facts that change while the message stays the same. */
    private static List<String> notes(Alert alert) {
        List<String> notes = new ArrayList<>();
        if (alert.refireCount() > 0) {
            notes.add(":repeat: Fired " + (alert.refireCount() + 1) + " times, last " + date(alert.lastFiredAt()));
        }
        if (alert.recoveredAt() != null) {
            String note = ":chart_with_downwards_trend: Source recovered " + date(alert.recoveredAt());
            if (alert.state().isOpen()) {
                note += alert.owner() == null ? ", still unclaimed" : ", still owned by " + actor(alert.owner());
            }
            notes.add(note);
        }
        if (alert.flapping()) {
            // A flapping alarm's state says little on its own: say it flaps, and how often it reopened.
            int reopens = alert.flapsOrNone().reopens();
            notes.add(":arrows_counterclockwise: Flapping: changed state " + alert.flapsOrNone().changes().size()
                    + " times in " + (alert.policy().flapWindow() / 60) + " min"
                    + (reopens > 0 ? ", reopened " + reopens + (reopens == 1 ? " time" : " times") : ""));
        }
        return notes;
    }

    /**
     * Short facts shown side by side (a section's fields: at most 10), as the template orders and
     * labels them; a fact the alert lacks is left out.
     */
    private static List<String> facts(Alert alert, RenderTemplate template) {
        AlertSignal signal = alert.signal();
        List<String> fields = new ArrayList<>();
        for (RenderTemplate.Field field : template.fields()) {
            String name = escapeWithin(singleLine(field.label()), MAX_FIELD_LABEL, ELLIPSIS);
            switch (field.fact()) {
                case ACCOUNT -> addFact(fields, name, signal.account());
                case REGION -> addFact(fields, name, signal.region());
                case SOURCE -> addFact(fields, name, signal.sourceKind());
                case ROUTE -> addFact(fields, name, alert.policy().route());
                case SEVERITY -> addFact(fields, name, signal.severity().name());
                // A date token, not text: it must not be escaped.
                case OPENED -> fields.add(label(name) + date(alert.openedAt()));
            }
        }
        return fields;
    }

    private static void addFact(List<String> fields, String name, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(label(name) + escapeWithin(singleLine(value), 200, ELLIPSIS));
        }
    }

    /** Bold label on its own line; a blank label shows the value alone. */
    private static String label(String name) {
        return name.isBlank() ? "" : "*" + name + "*\n";
    }

    private static String firstWebLink(AlertSignal signal) {
        return signal.links().stream().map(Link::url).filter(u -> SlackText.link(u, "x") != null).findFirst()
                .orElse(null);
    }

    /** Console links, as many as fit; null when there are none or no room. */
    private static String links(AlertSignal signal, int room) {
        StringBuilder out = new StringBuilder();
        for (Link l : signal.links()) {
            String label = l.label() == null ? null : l.label().length() > MAX_LINK_LABEL
                    ? l.label().substring(0, MAX_LINK_LABEL) + ELLIPSIS : l.label();
            String link = SlackText.link(l.url(), label);
            if (link == null) {
                continue;
            }
            String piece = (out.isEmpty() ? ":link: " : " · ") + link;
            if (out.length() + piece.length() > room) {
                break;
            }
            out.append(piece);
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** Labels sorted by key, so the same alert always renders the same text. */
    private static String labels(AlertSignal signal, int room) {
        if (signal.labels().isEmpty() || room < MIN_USEFUL_TEXT) {
            return null;
        }
        Map<String, String> sorted = new TreeMap<>(signal.labels());
        String raw = sorted.entrySet().stream().map(e -> singleLine(e.getKey() + ": " + e.getValue()))
                .collect(Collectors.joining(" · "));
        String prefix = ":label: ";
        return prefix + escapeWithin(raw, room - prefix.length(), ELLIPSIS);
    }

    private static String resources(AlertSignal signal, int room) {
        List<String> all = signal.resources();
        if (all.isEmpty() || room < MIN_USEFUL_TEXT) {
            return null;
        }
        String more = all.size() > MAX_RESOURCES_SHOWN ? "\n" + ELLIPSIS + " and "
                + (all.size() - MAX_RESOURCES_SHOWN) + " more" : "";
        String prefix = "*Resources*\n";
        String raw = all.stream().limit(MAX_RESOURCES_SHOWN).map(r -> "• " + singleLine(r)).collect(Collectors.joining("\n"));
        return prefix + escapeWithin(raw, room - prefix.length() - more.length(), ELLIPSIS) + more;
    }
}
