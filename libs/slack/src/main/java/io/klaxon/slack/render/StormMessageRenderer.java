package io.klaxon.slack.render;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static io.klaxon.slack.render.SlackText.ELLIPSIS;
import static io.klaxon.slack.render.SlackText.date;
import static io.klaxon.slack.render.SlackText.escapeWithin;
import static io.klaxon.slack.render.SlackText.singleLine;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.storm.Storm;
import io.klaxon.slack.StormAction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a storm's one message (ADR 0014): the route, counts by state, "Claim all", then the
 * alerts grouped by what they share, each group with its counts, its first alerts, "and N more",
 * a Claim button and a select to open any one alert as its own message. Pure, like
 * {@link AlertMessageRenderer}; stays inside Slack's 50 blocks and our text cap whatever the storm's
 * size: past {@link #MAX_GROUPS} groups the rest are counted in one line, past {@link #MAX_LINES}
 * alerts a group says "and N more".
 */
public final class StormMessageRenderer {

    /** Header, counts, Claim all, footer, "N more groups": the rest is two blocks per group. */
    static final int MAX_GROUPS = (MessageBudget.MAX_BLOCKS - 5) / 2;
    /** Alerts listed per group; the others are counted. */
    static final int MAX_LINES = 8;
    /** Slack's limit of options in one select. */
    static final int MAX_OPTIONS = 100;
    private static final int MAX_OPTION_TEXT = 75;
    private static final int MAX_LINE = 160;

    /** The storm's message from its alerts (storm order). */
    public SlackMessage render(Storm storm, List<Alert> alerts) {
        MessageBudget budget = new MessageBudget();
        String fallback = fallbackText(storm, alerts);
        String headerText = ":thunder_cloud_and_rain: " + escapeWithin("Storm on " + storm.route() + ": "
                + alerts.size() + " alerts", MessageBudget.MAX_HEADER - 26, ELLIPSIS);
        String status = counts(alerts) + " · since " + date(storm.startedAt())
                + (storm.ended() ? " · *ended* " + date(storm.endedAt()) : "");
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(headerText, true))));
        blocks.add(section(s -> s.text(markdownText(status))));
        budget.spend(2, fallback.length() + headerText.length() + status.length());
        boolean anyUnclaimed = alerts.stream().anyMatch(StormMessageRenderer::claimable);
        if (anyUnclaimed) {
            blocks.add(actions("klaxon.storm.all", List.of(button(b -> b.actionId(StormAction.CLAIM_ALL.actionId())
                    .text(plainText("Claim all", true)).value(storm.stormId()).style("primary")))));
            budget.spend(1, 10);
        }
        String footer = "Klaxon storm `" + escapeWithin(singleLine(storm.stormId()), 100, ELLIPSIS)
                + "` · each alert is a full alert: its own lifecycle, timeline and escalation";
        budget.spend(2, footer.length() + 40);

        List<StormGroups.Group> groups = StormGroups.of(alerts);
        int shown = 0;
        for (StormGroups.Group g : groups) {
            String text = groupText(g, budget.room(MessageBudget.MAX_SECTION));
            if (shown >= MAX_GROUPS || budget.blocksLeft() < 2 || !budget.fits(text.length() + 200)) {
                break;
            }
            blocks.add(section(s -> s.text(markdownText(text))));
            List<BlockElement> controls = new ArrayList<>();
            if (g.alerts().stream().anyMatch(StormMessageRenderer::claimable)) {
                controls.add(button(b -> b.actionId(StormAction.CLAIM_GROUP.actionId())
                        .text(plainText("Claim " + g.alerts().stream().filter(StormMessageRenderer::claimable).count(), true))
                        .value(StormAction.groupValue(storm.stormId(), g.key()))));
            }
            List<OptionObject> options = g.alerts().stream().filter(a -> !a.hasMessage()).limit(MAX_OPTIONS)
                    .map(a -> OptionObject.builder().text(plainText(option(a), true)).value(a.alertId()).build())
                    .toList();
            if (!options.isEmpty()) {
                controls.add(staticSelect(s -> s.actionId(StormAction.OPEN_ALERT.actionId())
                        .placeholder(plainText("Open as its own message", true)).options(options)));
            }
            if (!controls.isEmpty()) {
                blocks.add(actions("klaxon.storm.g." + g.key(), controls));
            }
            budget.spend(controls.isEmpty() ? 1 : 2, text.length() + 100 + options.size() * 40);
            shown++;
        }
        if (shown < groups.size()) {
            int rest = groups.subList(shown, groups.size()).stream().mapToInt(g -> g.alerts().size()).sum();
            blocks.add(context(List.of(markdownText(ELLIPSIS + " and " + (groups.size() - shown) + " more groups ("
                    + rest + " alerts): each one's message opens with /klaxon or from the bus"))));
        }
        blocks.add(context(List.of(markdownText(footer))));
        return new SlackMessage(fallback, blocks, List.of());
    }

    /** A thread reply of the storm: plain, escaped. */
    public String replyText(String text) {
        return escapeWithin(text, 3000, ELLIPSIS);
    }

    public String fallbackText(Storm storm, List<Alert> alerts) {
        return escapeWithin("Storm on " + singleLine(storm.route()) + ": " + alerts.size() + " alerts ("
                + plainCounts(alerts) + ")", 300, ELLIPSIS);
    }

    private static boolean claimable(Alert a) {
        return a.state() == AlertState.UNCLAIMED || (a.state() == AlertState.SNOOZED && a.owner() == null);
    }

    private static String groupText(StormGroups.Group g, int room) {
        String head = "*" + escapeWithin(g.label().isEmpty() ? "other" : g.label(), 300, ELLIPSIS) + "* · "
                + g.alerts().size() + " · " + counts(g.alerts());
        int listed = Math.min(MAX_LINES, g.alerts().size());
        String more = g.alerts().size() > listed ? "\n" + ELLIPSIS + " and " + (g.alerts().size() - listed) + " more" : "";
        String lines = g.alerts().stream().limit(listed).map(StormMessageRenderer::line).collect(Collectors.joining("\n"));
        String text = head + "\n" + lines + more;
        // Too long for what is left: the group's line with its counts still says what it is.
        return text.length() <= room ? text : head;
    }

    private static String line(Alert a) {
        String state = switch (a.state()) {
            case UNCLAIMED -> ":red_circle:";
            case CLAIMED -> ":large_yellow_circle:";
            case SNOOZED -> ":zzz:";
            case RESOLVED -> ":white_check_mark:";
        };
        String own = a.hasMessage() ? " (own message)" : "";
        return "• " + state + " " + escapeWithin(singleLine(a.signal().title()), MAX_LINE, ELLIPSIS) + own;
    }

    private static String option(Alert a) {
        String text = a.signal().title().isBlank() ? a.alertId() : singleLine(a.signal().title());
        return text.length() > MAX_OPTION_TEXT ? text.substring(0, MAX_OPTION_TEXT - 1) + ELLIPSIS : text;
    }

    private static Map<AlertState, Long> tally(List<Alert> alerts) {
        Map<AlertState, Long> n = new EnumMap<>(AlertState.class);
        alerts.forEach(a -> n.merge(a.state(), 1L, Long::sum));
        return n;
    }

    /** {@code *3* unclaimed · *2* claimed …}, states with none left out. */
    static String counts(List<Alert> alerts) {
        return tally(alerts).entrySet().stream().map(e -> "*" + e.getValue() + "* " + e.getKey().name().toLowerCase())
                .collect(Collectors.joining(" · "));
    }

    private static String plainCounts(List<Alert> alerts) {
        return tally(alerts).entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                .collect(Collectors.joining(", "));
    }
}
