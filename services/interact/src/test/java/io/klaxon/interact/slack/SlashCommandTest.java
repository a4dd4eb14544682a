package io.klaxon.interact.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.slack.AlertAction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlashCommandTest {

    @Test
    void parse_shouldReadActionAndAlertId_whenVerbIsClaimResolveOrUnclaim() {
        assertThat(SlashCommand.parse("claim a-1")).isEqualTo(new SlashCommand.Act("a-1", AlertAction.CLAIM, null));
        assertThat(SlashCommand.parse("  Resolve   a-2 ")).isEqualTo(new SlashCommand.Act("a-2", AlertAction.RESOLVE, null));
        assertThat(SlashCommand.parse("unclaim a-3")).isEqualTo(new SlashCommand.Act("a-3", AlertAction.UNCLAIM, null));
    }

    @Test
    void parse_shouldReadDuration_whenSnoozeGivesMinutesOrHours() {
        assertThat(SlashCommand.parse("snooze a-1 30m"))
                .isEqualTo(new SlashCommand.Act("a-1", AlertAction.SNOOZE, Duration.ofMinutes(30)));
        assertThat(SlashCommand.parse("snooze a-1 2H"))
                .isEqualTo(new SlashCommand.Act("a-1", AlertAction.SNOOZE, Duration.ofHours(2)));
    }

    @Test
    void parse_shouldReadScheduleNames_whenVerbIsOncall() {
        assertThat(SlashCommand.parse("oncall")).isEqualTo(new SlashCommand.OnCall(List.of()));
        assertThat(SlashCommand.parse("OnCall db-primary  ops")).isEqualTo(new SlashCommand.OnCall(List.of("db-primary", "ops")));
    }

    @Test
    void parse_shouldReadOneAlertId_whenVerbIsStatus() {
        assertThat(SlashCommand.parse("status a-1")).isEqualTo(new SlashCommand.Status("a-1"));
        assertThat(SlashCommand.parse("status")).isEqualTo(new SlashCommand.Help("`status` takes one alert id."));
        assertThat(SlashCommand.parse("status a b")).isEqualTo(new SlashCommand.Help("`status` takes one alert id."));
    }

    @Test
    void parse_shouldKeepTheWholeTextUnescaped_whenVerbIsNote() {
        assertThat(SlashCommand.parse("note a-1 disk &lt;10% on <#C01|db>,\n  see <https://x.example/r|runbook> &amp; <!here>"))
                .isEqualTo(new SlashCommand.Note("a-1", "disk <10% on #db,\n  see runbook (https://x.example/r) & @here"));
    }

    @Test
    void parse_shouldExplain_whenNoteHasNoTextOrTooMuch() {
        assertThat(SlashCommand.parse("note a-1")).isEqualTo(new SlashCommand.Help("`note` takes an alert id and the text of the note."));
        assertThat(SlashCommand.parse("note a-1 " + "x".repeat(1001))).isEqualTo(new SlashCommand.Help(
                "That note is 1001 characters long; a note holds at most 1000. Nothing was added."));
    }

    @Test
    void parse_shouldReadTheUserId_whenAssignNamesAnEscapedMentionOrAnId() {
        assertThat(SlashCommand.parse("assign a-1 <@U123ABC|carol>")).isEqualTo(new SlashCommand.Assign("a-1", "U123ABC", "carol"));
        assertThat(SlashCommand.parse("assign a-1 <@W123ABC>")).isEqualTo(new SlashCommand.Assign("a-1", "W123ABC", null));
        assertThat(SlashCommand.parse("assign a-1 U123ABC")).isEqualTo(new SlashCommand.Assign("a-1", "U123ABC", null));
        assertThat(SlashCommand.parse("assign a-1")).isInstanceOf(SlashCommand.Help.class);
        assertThat(SlashCommand.parse("assign a-1 <@U1|x> <@U2|y>")).isInstanceOf(SlashCommand.Help.class);
    }

    @Test
    void parse_shouldReadTheOfferedDurationsAndTomorrow_whenSnoozeIsTyped() {
        assertThat(SlashCommand.parse("snooze a-1 15m")).isEqualTo(new SlashCommand.Act("a-1", AlertAction.SNOOZE, Duration.ofMinutes(15)));
        assertThat(SlashCommand.parse("snooze a-1 1h")).isEqualTo(new SlashCommand.Act("a-1", AlertAction.SNOOZE, Duration.ofHours(1)));
        assertThat(SlashCommand.parse("snooze a-1 4h")).isEqualTo(new SlashCommand.Act("a-1", AlertAction.SNOOZE, Duration.ofHours(4)));
        assertThat(SlashCommand.parse("snooze a-1 Tomorrow")).isEqualTo(new SlashCommand.SnoozeUntilTomorrow("a-1"));
    }

    @Test
    void parse_shouldAskForHelp_whenTextIsEmptyOrHelp() {
        assertThat(SlashCommand.parse("")).isEqualTo(new SlashCommand.Help(null));
        assertThat(SlashCommand.parse(null)).isEqualTo(new SlashCommand.Help(null));
        assertThat(SlashCommand.parse("help")).isEqualTo(new SlashCommand.Help(null));
    }

    @Test
    void parse_shouldExplainAndHelp_whenVerbIsUnknown() {
        assertThat(SlashCommand.parse("ack a-1"))
                .isEqualTo(new SlashCommand.Help("I don't know the command `ack`."));
    }

    @Test
    void parse_shouldEscapeWhatWasTyped_whenEchoingItBack() {
        assertThat(SlashCommand.parse("<!channel> now"))
                .isEqualTo(new SlashCommand.Help("I don't know the command `&lt;!channel&gt;`."));
    }

    @Test
    void parse_shouldExplainAndHelp_whenArgumentsAreMissingOrExtra() {
        assertThat(SlashCommand.parse("claim")).isEqualTo(new SlashCommand.Help("`claim` takes one alert id."));
        assertThat(SlashCommand.parse("resolve a b")).isEqualTo(new SlashCommand.Help("`resolve` takes one alert id."));
        assertThat(SlashCommand.parse("snooze a-1"))
                .isEqualTo(new SlashCommand.Help("`snooze` takes an alert id and a duration."));
    }

    @Test
    void parse_shouldExplainAndHelp_whenDurationIsUnreadableZeroOrTooLong() {
        assertThat(SlashCommand.parse("snooze a-1 soon")).isInstanceOf(SlashCommand.Help.class)
                .extracting("problem").asString().contains("`soon`");
        assertThat(SlashCommand.parse("snooze a-1 0m")).isInstanceOf(SlashCommand.Help.class);
        assertThat(SlashCommand.parse("snooze a-1 25h")).isInstanceOf(SlashCommand.Help.class);
        assertThat(SlashCommand.parse("snooze a-1 24h"))
                .isEqualTo(new SlashCommand.Act("a-1", AlertAction.SNOOZE, Duration.ofHours(24)));
    }
}
