package io.klaxon.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackTextTest {

    @Test
    void escape_shouldReplaceOnlyTheThreeControlCharacters() {
        // GIVEN text with control characters, quotes and non-ASCII
        String raw = "a & b < c > d \"e\" 'f' — ü 🚨";

        // WHEN it is escaped
        String escaped = SlackText.escape(raw);

        // THEN only &, < and > become entities
        assertThat(escaped).isEqualTo("a &amp; b &lt; c &gt; d \"e\" 'f' — ü 🚨");
    }

    @Test
    void escape_shouldDropControlCharactersButLineBreaks_whenTextHasThem() {
        // GIVEN NUL, ESC (an ANSI colour), BEL, DEL, a C1 control, a tab, CR LF and LF
        String raw = "a\u0000b\u001b[31mc\u0007d\u007fe\u009bf\tg\r\nh\ni";

        // WHEN / THEN line breaks stay, a tab is a space, the rest is gone
        assertThat(SlackText.escape(raw)).isEqualTo("ab[31mcdef g\nh\ni");
        assertThat(SlackText.escapeWithin(raw, 100, SlackText.ELLIPSIS)).isEqualTo("ab[31mcdef g\nh\ni");
    }

    @Test
    void singleLine_shouldTurnLineBreaksIntoSpaces() {
        assertThat(SlackText.escape(SlackText.singleLine("a\r\nb\nc\rd\te"))).isEqualTo("a b c d e");
    }

    @Test
    void escapeWithin_shouldNeverSplitAnEntityOrASurrogatePair_whenCutting() {
        // GIVEN text of ampersands and emoji longer than the limit
        String raw = "&🚨".repeat(100);

        // WHEN it is cut to 20 characters
        String cut = SlackText.escapeWithin(raw, 20, SlackText.ELLIPSIS);

        // THEN it fits, ends with the ellipsis and holds only whole entities and whole emoji
        assertThat(cut).hasSizeLessThanOrEqualTo(20).isEqualTo("&amp;🚨&amp;🚨&amp;…");
    }

    @Test
    void escapeWithin_shouldKeepTheText_whenItFits() {
        assertThat(SlackText.escapeWithin("short & sweet", 50, "…more")).isEqualTo("short &amp; sweet");
    }

    @Test
    void date_shouldBeASlackDateTokenWithAUtcFallback() {
        // GIVEN an instant
        Instant at = Instant.parse("2026-11-21T03:04:12Z");

        // WHEN it is formatted
        String token = SlackText.date(at);

        // THEN Slack shows it in the reader's zone; old clients show UTC
        assertThat(token).isEqualTo("<!date^" + at.getEpochSecond()
                + "^{date_short_pretty} {time}|2026-11-21 03:04 UTC>");
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "45,45s", "60,1m", "252,4m 12s", "3600,1h", "3720,1h 2m", "86400,1d", "97200,1d 3h"})
    void duration_shouldReadAtAGlance(long seconds, String expected) {
        assertThat(SlackText.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "U0ONCALL1|<@U0ONCALL1>",
            "W0ENTERPRISE|<@W0ENTERPRISE>",
            "@U0ONCALL1|<@U0ONCALL1>",
            "S0SRE|<!subteam^S0SRE>",
            "here|<!here>",
            "@channel|<!channel>",
            "bob <x>|bob &lt;x&gt;"})
    void mention_shouldRenderSlackMentionMarkup_forIdsAndSpecialMentions(String target, String expected) {
        assertThat(SlackText.mention(target)).isEqualTo(expected);
    }

    @Test
    void link_shouldRefuseToLinkANonWebUrl() {
        assertThat(SlackText.link("javascript:alert(1)", "x")).isNull();
        assertThat(SlackText.link("https://a.example/x?y=1|2", "A|B")).isEqualTo("<https://a.example/x?y=1%7C2|A|B>");
    }

    @Test
    void actor_shouldMentionSlackUsersAndEscapeOtherNames() {
        assertThat(SlackText.actor(Actor.slack("U0ALICE01", "alice"))).isEqualTo("<@U0ALICE01>");
        assertThat(SlackText.actor(Actor.SYSTEM)).isEqualTo("Klaxon");
        assertThat(SlackText.actor(new Actor(Actor.Kind.API, "key", "ci <bot>"))).isEqualTo("ci &lt;bot&gt;");
        assertThat(SlackText.actor(Actor.slack("not-an-id", "mallory <@U1>"))).isEqualTo("mallory &lt;@U1&gt;");
    }
}
