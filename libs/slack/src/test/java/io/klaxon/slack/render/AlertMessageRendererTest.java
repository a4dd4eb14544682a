package io.klaxon.slack.render;

import static io.klaxon.slack.testing.AlertSamples.ALERT_ID;
import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.T0;
import static io.klaxon.slack.testing.AlertSamples.claimed;
import static io.klaxon.slack.testing.AlertSamples.resolved;
import static io.klaxon.slack.testing.AlertSamples.unclaimed;
import static io.klaxon.slack.testing.AlertSamples.withSignal;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.Lifecycle;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.MessageMenu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertMessageRendererTest {

    /** Markup Klaxon itself writes; anything else with '<' or '>' is an escaping bug. */
    private static final Pattern OUR_MARKUP = Pattern.compile(
            "<(!date\\^\\d+\\^\\{date_short_pretty} \\{time}\\|[^<>]+|@[UW][A-Z0-9]+|!subteam\\^S[A-Z0-9]+"
                    + "|!here|!channel|https?://[^|<> ]+\\|[^<>]*)>");
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?!amp;|lt;|gt;)");

    private final AlertMessageRenderer renderer = new AlertMessageRenderer();

    @Test
    void render_shouldEscapeEveryUntrustedString_whenTheyContainSlackControlCharacters() {
        // GIVEN a signal whose every text is hostile: markup, a fake mention, ampersands
        String evil = "<!channel> & <@U999> <https://evil.example|click> > done";
        AlertSignal s = unclaimed(Severity.HIGH).signal();
        AlertSignal hostile = new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(),
                s.severity(), "api <5xx> & co", evil, "cloudwatch-alarm", "1234<5", "eu-west-1&x",
                List.of("arn:<x>"), s.occurredAt(), List.of(new Link("a <b> & c", "https://example.com/?a=1&b=<2>")),
                Map.of("team<", "a&b>"));
        Alert alert = claimed(withSignal(unclaimed(Severity.HIGH), hostile),
                new Actor(Actor.Kind.API, "api-key-1", "<script>&"), Duration.ofMinutes(1));

        // WHEN it is rendered
        SlackMessage message = renderer.render(alert);

        // THEN no text carries an unescaped control character outside Klaxon's own markup
        List<String> texts = texts(message);
        assertThat(texts).isNotEmpty().allSatisfy(t -> {
            assertThat(OUR_MARKUP.matcher(t).replaceAll("")).doesNotContain("<", ">");
            assertThat(BARE_AMPERSAND.matcher(t).find()).as("bare & in %s", t).isFalse();
        });
        assertThat(String.join("\n", texts))
                .contains("api &lt;5xx&gt; &amp; co")
                .contains("&lt;!channel&gt; &amp; &lt;@U999&gt;")
                .contains("&lt;script&gt;&amp;")
                .contains("team&lt;: a&amp;b&gt;")
                .contains("<https://example.com/?a=1&amp;b=%3C2%3E|a &lt;b&gt; &amp; c>")
                .doesNotContain("<!channel>");
    }

    @Test
    void render_shouldShowAFlappingLine_whenTheAlarmFlaps() {
        // GIVEN an unclaimed alert whose alarm changed state 7 times in the window and reopened twice
        Alert calm = unclaimed(Severity.HIGH);
        Alert flapping = calm.withFlaps(new Alert.Flaps(
                IntStream.range(0, 7).mapToObj(i -> T0.plusSeconds(i)).toList(), true, null, null, 2));

        // WHEN both are rendered
        List<String> calmTexts = texts(renderer.render(calm));
        List<String> flappingTexts = texts(renderer.render(flapping));

        // THEN only the flapping one says so, with its count and window
        assertThat(calmTexts).noneMatch(t -> t.contains("Flapping"));
        assertThat(flappingTexts).anyMatch(t -> t.contains("Flapping: changed state 7 times in 15 min, reopened 2 times"));
    }

    @Test
    void render_shouldCarryNoControlCharacters_whenTheSignalHasThem() {
        // GIVEN a signal that did not come through ingest (any PutEvents on the bus): NUL, ESC, BEL,
        // a C1 control and a newline in its title, summary, labels and resources
        String evil = "cpu\nhigh\u0000\u001b[31m\u0007\u009b";
        AlertSignal s = unclaimed(Severity.HIGH).signal();
        AlertSignal hostile = new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(),
                s.severity(), evil, "line one\n" + evil, s.sourceKind(), s.account(), s.region(),
                List.of("arn:" + evil), s.occurredAt(), List.of(), Map.of("name", evil));

        // WHEN it is rendered, with blocks and as text only
        SlackMessage message = renderer.render(withSignal(unclaimed(Severity.HIGH), hostile));
        List<String> texts = texts(message);
        texts.add(renderer.renderTextOnly(withSignal(unclaimed(Severity.HIGH), hostile)));

        // THEN no control character but a line break reaches Slack, and one-line places stay one line
        assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContainPattern("[\\p{Cntrl}&&[^\\n]]|[\\u0080-\\u009f]"));
        assertThat(message.text()).doesNotContain("\n").contains("cpu high[31m");
        assertThat(String.join("\n", texts)).contains("line one\ncpu\nhigh[31m");
    }

    @Test
    void render_shouldStayWithinSlackLimits_whenTheSignalIsHuge() {
        // GIVEN a 20k-character summary, 300 labels, 500 resources, 60 links and a title full of '&'
        AlertSignal s = unclaimed(Severity.CRITICAL).signal();
        Map<String, String> labels = new HashMap<>();
        IntStream.range(0, 300).forEach(i -> labels.put("label-" + i, "value-" + i + "-".repeat(30)));
        List<Link> links = new ArrayList<>();
        IntStream.range(0, 60).forEach(i -> links.add(new Link("link " + i, "https://console.example/" + i)));
        AlertSignal huge = new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(),
                s.severity(), "&".repeat(150), "x&y ".repeat(5000), s.sourceKind(), s.account(), s.region(),
                IntStream.range(0, 500).mapToObj(i -> "arn:aws:ec2:eu-west-1:123456789012:instance/i-" + i).toList(),
                s.occurredAt(), links, labels);
        Alert alert = withSignal(unclaimed(Severity.CRITICAL), huge);

        // WHEN it is rendered
        SlackMessage message = renderer.render(alert);

        // THEN it fits every limit, and the cut summary ends with an ellipsis and a link to read the rest
        JsonObject json = GoldenFiles.toJson(message);
        assertThat(message.blockCount()).isLessThanOrEqualTo(50);
        String header = json.getAsJsonArray("blocks").get(0).getAsJsonObject().getAsJsonObject("text")
                .get("text").getAsString();
        assertThat(header).hasSizeLessThanOrEqualTo(150).endsWith("&amp;…");
        assertThat(sectionTexts(json)).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
        assertThat(texts(message).stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(12_000);
        JsonArray details = json.getAsJsonArray("attachments").get(0).getAsJsonObject().getAsJsonArray("blocks");
        String summary = details.get(0).getAsJsonObject().getAsJsonObject("text").get("text").getAsString();
        assertThat(summary).startsWith("x&amp;y x&amp;y").endsWith("… <https://console.example/0|read the rest>");
        // The cut never splits an entity.
        assertThat(BARE_AMPERSAND.matcher(summary).find()).isFalse();
        // The buttons survive whatever the details do.
        assertThat(actionIds(json)).containsExactly("klaxon.claim", "klaxon.resolve", "klaxon.snooze");
    }

    @Test
    void render_shouldShowTimesAsSlackDateTokens_whenStatusHasTimes() {
        // GIVEN an alert claimed 4m 12s after it opened
        Alert alert = claimed(unclaimed(Severity.WARNING), ALICE, Duration.ofSeconds(252));

        // WHEN it is rendered
        JsonObject json = GoldenFiles.toJson(renderer.render(alert));

        // THEN the claim time is a date token every reader sees in their own zone, with a UTC fallback
        long epoch = T0.plusSeconds(252).getEpochSecond();
        String status = json.getAsJsonArray("blocks").get(1).getAsJsonObject().getAsJsonObject("text")
                .get("text").getAsString();
        assertThat(status).isEqualTo("*WARNING* · *Claimed* by <@U0ALICE01> <!date^" + epoch
                + "^{date_short_pretty} {time}|2026-11-21 03:04 UTC> · time to claim 4m 12s");
    }

    @Test
    void render_shouldOfferButtonsCarryingAlertIdAndVersion_whenAlertIsOpen() {
        // GIVEN an unclaimed alert at some version
        Alert alert = unclaimed(Severity.HIGH);

        // WHEN it is rendered
        JsonObject json = GoldenFiles.toJson(renderer.render(alert));

        // THEN Claim, Resolve and Snooze carry only "<alertId>:<version>"
        assertThat(actionIds(json)).containsExactly("klaxon.claim", "klaxon.resolve", "klaxon.snooze");
        assertThat(buttons(json)).allSatisfy(b ->
                assertThat(b.get("value").getAsString()).isEqualTo(AlertAction.value(ALERT_ID, alert.version())));
    }

    @Test
    void render_shouldOfferSnoozeChoicesAndModalActions_whenAlertIsOpen() {
        // GIVEN a claimed alert at some version
        Alert alert = claimed(unclaimed(Severity.HIGH), ALICE, Duration.ofMinutes(1));

        // WHEN it is rendered
        JsonObject json = GoldenFiles.toJson(renderer.render(alert));

        // THEN a select offers the snooze durations and an overflow the actions that open a modal, each
        // option carrying "<choice>:<alertId>:<version>"
        String at = ":" + AlertAction.value(ALERT_ID, alert.version());
        assertThat(menuOptions(json, MessageMenu.SNOOZE_ACTION_ID)).containsExactly("15 minutes=15m" + at,
                "1 hour=1h" + at, "4 hours=4h" + at, "Until tomorrow 09:00=tomorrow" + at);
        assertThat(menuOptions(json, MessageMenu.MORE_ACTION_ID)).containsExactly("Reassign…=reassign" + at,
                "Add note…=note" + at, "Resolve with note…=resolve" + at);
    }

    @Test
    void render_shouldOfferNoMenus_whenResolved() {
        // GIVEN a resolved alert
        Alert alert = resolved(unclaimed(Severity.HIGH), ALICE, Duration.ofMinutes(3));

        // WHEN it is rendered
        JsonObject json = GoldenFiles.toJson(renderer.render(alert));

        // THEN nothing is left to choose
        assertThat(menuOptions(json, MessageMenu.SNOOZE_ACTION_ID)).isEmpty();
        assertThat(menuOptions(json, MessageMenu.MORE_ACTION_ID)).isEmpty();
    }

    @Test
    void render_shouldOfferResolveAndUnclaim_whenClaimed() {
        // GIVEN a claimed alert
        Alert alert = claimed(unclaimed(Severity.HIGH), ALICE, Duration.ofMinutes(1));

        // WHEN it is rendered
        JsonObject json = GoldenFiles.toJson(renderer.render(alert));

        // THEN Resolve is the primary action and Unclaim hands it back
        assertThat(actionIds(json)).containsExactly("klaxon.resolve", "klaxon.unclaim");
        assertThat(buttons(json).get(0).get("style").getAsString()).isEqualTo("primary");
    }

    @Test
    void render_shouldShowNoButtonsAndTheDurations_whenResolved() {
        // GIVEN an alert claimed after 7 minutes and resolved after 62
        Alert alert = resolved(claimed(unclaimed(Severity.CRITICAL), ALICE, Duration.ofMinutes(7)), ALICE,
                Duration.ofMinutes(62));

        // WHEN it is rendered
        SlackMessage message = renderer.render(alert);
        JsonObject json = GoldenFiles.toJson(message);

        // THEN it is green, without buttons, and says who and how long
        assertThat(actionIds(json)).isEmpty();
        assertThat(message.attachments().get(0).getColor()).isEqualTo("#2EB67D");
        assertThat(String.join("\n", texts(message)))
                .contains("*Resolved* by <@U0ALICE01>")
                .contains("time to claim 7m")
                .contains("time to resolve 1h 2m");
    }

    @Test
    void render_shouldNotSayResolved_whenKlaxonGaveUpOnTheAlert() {
        // GIVEN an open alert that Klaxon closed because its workflow kept failing (the source never recovered)
        Alert abandoned = Lifecycle.abandon(unclaimed(Severity.HIGH), "its workflow kept failing", T0).next();

        // WHEN it is rendered, and its notification line made
        String text = String.join("\n", texts(renderer.render(abandoned)));
        String notification = renderer.fallbackText(abandoned);

        // THEN both say Klaxon closed it, and neither claims the problem is fixed
        assertThat(text).contains("*Closed* by Klaxon, not known to be fixed").doesNotContain("Resolved");
        assertThat(notification).startsWith("HIGH · Closed: ");
    }

    @Test
    void fallbackText_shouldNameSeverityStateAndTitle_forNotifications() {
        // GIVEN an unclaimed critical alert
        Alert alert = unclaimed(Severity.CRITICAL);

        // WHEN its fallback text is rendered
        String text = renderer.fallbackText(alert);

        // THEN it reads well in a phone notification
        assertThat(text).isEqualTo("CRITICAL · Unclaimed: api-5xx is ALARM");
    }

    @Test
    void replyText_shouldPutMentionsFirstAndEscapeTheEntry_whenEscalating() {
        // GIVEN an escalation entry and a policy level mentioning a user, a group and @here
        Alert alert = unclaimed(Severity.HIGH);
        TimelineEntry entry = new TimelineEntry(T0.plusSeconds(300), 2, TimelineKind.ESCALATED, Actor.SYSTEM,
                "Unclaimed after 300s: escalated to level 1 <&>");

        // WHEN the thread reply is rendered
        String text = renderer.replyText(alert, entry, List.of("U0ONCALL1", "S0SRE", "here", "bob <x>"));

        // THEN the mentions ping, the text is escaped and the time is a date token
        assertThat(text).isEqualTo("<@U0ONCALL1> <!subteam^S0SRE> <!here> bob &lt;x&gt; :mega: "
                + "Unclaimed after 300s: escalated to level 1 &lt;&amp;&gt; · <!date^"
                + T0.plusSeconds(300).getEpochSecond() + "^{date_short_pretty} {time}|2026-11-21 03:05 UTC>");
    }

    @Test
    void replyText_shouldMentionNobody_whenNoMentionsAreGiven() {
        // GIVEN an ordinary timeline entry
        TimelineEntry entry = new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "Opened: api-5xx is ALARM");

        // WHEN the reply is rendered without mentions
        String text = renderer.replyText(unclaimed(Severity.HIGH), entry, List.of());

        // THEN it starts with the entry's emoji, not a ping
        assertThat(text).startsWith(":rotating_light: Opened: api-5xx is ALARM · <!date^");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static List<String> texts(SlackMessage message) {
        List<String> out = new ArrayList<>();
        out.add(message.text());
        collectTexts(GoldenFiles.toJson(message), out);
        return out;
    }

    /** Every "text" string anywhere in the JSON (text objects and fallbacks). */
    private static void collectTexts(JsonElement e, List<String> out) {
        if (e.isJsonObject()) {
            e.getAsJsonObject().entrySet().forEach(en -> {
                if ((en.getKey().equals("text") || en.getKey().equals("fallback")) && en.getValue().isJsonPrimitive()) {
                    out.add(en.getValue().getAsString());
                } else {
                    collectTexts(en.getValue(), out);
                }
            });
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectTexts(x, out));
        }
    }

    private static List<String> sectionTexts(JsonObject json) {
        List<String> out = new ArrayList<>();
        List<JsonElement> blocks = new ArrayList<>();
        json.getAsJsonArray("blocks").forEach(blocks::add);
        json.getAsJsonArray("attachments").forEach(a -> a.getAsJsonObject().getAsJsonArray("blocks").forEach(blocks::add));
        for (JsonElement b : blocks) {
            JsonObject o = b.getAsJsonObject();
            if (o.get("type").getAsString().equals("section") && o.has("text")) {
                out.add(o.getAsJsonObject("text").get("text").getAsString());
            }
        }
        return out;
    }

    private static List<JsonObject> buttons(JsonObject json) {
        List<JsonObject> out = new ArrayList<>();
        json.getAsJsonArray("blocks").forEach(b -> {
            if (b.getAsJsonObject().get("type").getAsString().equals("actions")) {
                b.getAsJsonObject().getAsJsonArray("elements").forEach(e -> {
                    if ("button".equals(e.getAsJsonObject().get("type").getAsString())) {
                        out.add(e.getAsJsonObject());
                    }
                });
            }
        });
        return out;
    }

    /** The options of the actions block's element {@code actionId} ("label=value"), empty when absent. */
    private static List<String> menuOptions(JsonObject json, String actionId) {
        List<String> out = new ArrayList<>();
        json.getAsJsonArray("blocks").forEach(b -> {
            if (b.getAsJsonObject().get("type").getAsString().equals("actions")) {
                b.getAsJsonObject().getAsJsonArray("elements").forEach(e -> {
                    if (actionId.equals(e.getAsJsonObject().get("action_id").getAsString())) {
                        e.getAsJsonObject().getAsJsonArray("options").forEach(o -> out.add(
                                o.getAsJsonObject().getAsJsonObject("text").get("text").getAsString() + "="
                                        + o.getAsJsonObject().get("value").getAsString()));
                    }
                });
            }
        });
        return out;
    }

    private static List<String> actionIds(JsonObject json) {
        return buttons(json).stream().map(b -> b.get("action_id").getAsString()).toList();
    }
}
