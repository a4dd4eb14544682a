package io.klaxon.slack.console;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.storm.Storm;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.render.SlackText;
import io.klaxon.slack.render.StormGroups;
import io.klaxon.slack.render.StormMessageRenderer;
import io.micronaut.core.annotation.Nullable;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Slack for a machine without a bot token: every message, edit and thread reply is printed as
 * plain text, so the whole lifecycle can be followed in a terminal. Returns synthetic, Slack-shaped
 * message timestamps ({@code 0000000000.000001}, …) so the rest of Klaxon runs unchanged.
 */
public class ConsoleSlackGateway implements SlackGateway {

    static final String CONSOLE_CHANNEL = "console";

    private final PrintStream out;
    private final AlertMessageRenderer renderer;
    @Nullable
    private final String defaultChannel;
    private final Set<String> printedLines = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final StormMessageRenderer stormRenderer = new StormMessageRenderer();

    public ConsoleSlackGateway(PrintStream out, AlertMessageRenderer renderer, @Nullable String defaultChannel) {
        this.out = Objects.requireNonNull(out, "out");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.defaultChannel = defaultChannel;
    }

    @Override
    public MessageRef post(Alert alert) {
        String channel = alert.channel() != null && !alert.channel().isBlank() ? alert.channel()
                : defaultChannel != null ? defaultChannel : CONSOLE_CHANNEL;
        MessageRef ref = new MessageRef(channel, String.format(Locale.ROOT, "0000000000.%06d", sequence.incrementAndGet()));
        print("POST " + channel + " ts=" + ref.ts(), alert);
        return ref;
    }

    /** A printed post cannot be lost after it happened: there is never an earlier one to find. */
    @Override
    public Optional<MessageRef> findPosted(Alert alert, Instant since) {
        return Optional.empty();
    }

    @Override
    public void update(Alert alert) {
        print("UPDATE " + alert.channel() + " ts=" + alert.messageTs(), alert);
    }

    @Override
    public void reply(Alert alert, TimelineEntry entry, List<String> mentions) {
        String who = mentions == null || mentions.isEmpty() ? ""
                : mentions.stream().map(m -> "@" + m).collect(Collectors.joining(" ")) + " ";
        synchronized (out) {
            out.println("    -> [" + line(alert.alertId()) + "] " + entry.at() + " " + line(who + entry.text()));
            out.flush();
        }
    }

    @Override
    public void ephemeral(String channel, String userId, String text) {
        synchronized (out) {
            out.println("    (only " + line(userId) + " in " + line(channel) + " sees) " + line(text));
            out.flush();
        }
    }

    @Override
    public void respond(String responseUrl, String text) {
        // The address is a short-lived credential: printed as "the clicker", never itself.
        synchronized (out) {
            out.println("    (only the clicker sees, through the click's response_url) " + line(text));
            out.flush();
        }
    }

    @Override
    public MessageRef postStorm(Storm storm, String channel, List<Alert> alerts) {
        MessageRef ref = new MessageRef(channel, String.format(Locale.ROOT, "0000000000.%06d", sequence.incrementAndGet()));
        printStorm("POST " + channel + " ts=" + ref.ts(), storm, alerts);
        return ref;
    }

    @Override
    public void updateStorm(Storm storm, List<Alert> alerts, long revision) {
        printStorm("UPDATE " + storm.channel() + " ts=" + storm.messageTs(), storm, alerts);
    }

    /**
     * Printing never loses an answer, so there is nothing to look up; but every step that finds a storm ended asks
     * for its "Storm over" line (ADR 0014), so a line is printed once per key. The local runtime is one process.
     */
    @Override
    public void replyStorm(Storm storm, String key, Supplier<String> text) {
        if (!printedLines.add(key)) {
            return;
        }
        synchronized (out) {
            out.println("    -> [storm " + line(storm.stormId()) + "] " + line(text.get()));
            out.flush();
        }
    }

    private void printStorm(String what, Storm storm, List<Alert> alerts) {
        StringBuilder b = new StringBuilder();
        b.append("+-- ").append(line(what)).append(" | storm ").append(line(storm.stormId())).append('\n');
        b.append("| ").append(line(stormRenderer.fallbackText(storm, alerts))).append('\n');
        StormGroups.of(alerts).forEach(g -> b.append("| ").append(line(g.label())).append(": ")
                .append(g.alerts().size()).append('\n'));
        b.append("+--");
        synchronized (out) {
            out.println(b);
            out.flush();
        }
    }

    private void print(String what, Alert alert) {
        var s = alert.signal();
        StringBuilder b = new StringBuilder();
        b.append("+-- ").append(line(what)).append(" | alert ").append(line(alert.alertId())).append(" v").append(alert.version())
                .append('\n');
        b.append("| [").append(s.severity().name()).append("] ").append(alert.state().name()).append("  ")
                .append(line(s.title())).append('\n');
        b.append("| ").append(line(ownerLine(alert))).append('\n');
        if (alert.escalationLevel() > 0) {
            b.append("| escalation level ").append(alert.escalationLevel()).append('\n');
        }
        if (alert.refireCount() > 0) {
            b.append("| fired ").append(alert.refireCount() + 1).append(" times, last ").append(alert.lastFiredAt())
                    .append('\n');
        }
        if (alert.recoveredAt() != null) {
            b.append("| source recovered at ").append(alert.recoveredAt()).append('\n');
        }
        if (!s.summary().isBlank()) {
            b.append("| ").append(firstLine(s.summary())).append('\n');
        }
        String where = java.util.stream.Stream.of(s.account(), s.region()).filter(Objects::nonNull)
                .collect(Collectors.joining(" | "));
        if (!where.isEmpty()) {
            b.append("| ").append(line(where)).append('\n');
        }
        s.links().forEach(l -> b.append("| ").append(line(l.label() + ": " + l.url())).append('\n'));
        String buttons = renderer.buttons(alert).stream().map(x -> "[" + x.label() + "]")
                .collect(Collectors.joining(" "));
        if (!buttons.isEmpty()) {
            b.append("| ").append(buttons).append('\n');
        }
        b.append("+--");
        synchronized (out) {
            out.println(b);
            out.flush();
        }
    }

    private static String ownerLine(Alert alert) {
        return switch (alert.state()) {
            case UNCLAIMED -> "nobody owns it";
            case CLAIMED -> "claimed by " + name(alert.owner()) + took("claim", alert.timeToClaim());
            case SNOOZED -> "snoozed until " + alert.snoozedUntil()
                    + (alert.owner() == null ? "" : ", owned by " + name(alert.owner()));
            case RESOLVED -> "resolved by " + name(alert.resolvedBy()) + took("claim", alert.timeToClaim())
                    + took("resolve", alert.timeToResolve());
        };
    }

    private static String took(String what, @Nullable Duration d) {
        return d == null ? "" : ", time to " + what + " " + SlackText.duration(d);
    }

    private static String name(@Nullable Actor actor) {
        return actor == null ? "nobody" : Lifecycle.display(actor);
    }

    private static String firstLine(String text) {
        String first = line(text.strip().lines().findFirst().orElse(""));
        return first.length() > 200 ? first.substring(0, 200) + SlackText.ELLIPSIS : first;
    }

    /**
     * One console line: every control character becomes a space, so a newline in an alarm name
     * cannot forge a line and ESC/BEL cannot drive the terminal.
     */
    static String line(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return out.toString();
    }
}
