package io.klaxon.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.workflow.Tell;
import org.junit.jupiter.api.Test;

class AnnouncementsTest {

    private static final String ALERT = "0b8e7a52-3f0d-4c8e-9a55-2d1f6c7e9b10";

    @Test
    void tellName_shouldNamePersonAlertAndVersion_whenTheyFit() {
        // WHEN
        String name = Announcements.tellName(ALERT, 7, "U0123ABCD");

        // THEN
        assertThat(name).isEqualTo("tell-v7-" + ALERT + "-U0123ABCD");
    }

    @Test
    void tellName_shouldDifferPerPersonAndVersion_andRepeatForTheSameClick() {
        assertThat(Announcements.tellName(ALERT, 7, "UALICE")).isNotEqualTo(Announcements.tellName(ALERT, 7, "UBOB"))
                .isNotEqualTo(Announcements.tellName(ALERT, 8, "UALICE"))
                .isEqualTo(Announcements.tellName(ALERT, 7, "UALICE"));
    }

    @Test
    void tellName_shouldStayAValidExecutionName_whenIdsAreLongOrOdd() {
        // GIVEN an 80-character alert id and a user id with a character execution names refuse
        String longId = "a".repeat(80);

        // WHEN
        String tooLong = Announcements.tellName(longId, Long.MAX_VALUE, "UBOB");
        String odd = Announcements.tellName(ALERT, 1, "U.B:OB");

        // THEN
        assertThat(tooLong).hasSizeLessThanOrEqualTo(Announcements.MAX_NAME).matches("tell-v[0-9]+-[0-9a-f]{40}");
        assertThat(odd).hasSizeLessThanOrEqualTo(Announcements.MAX_NAME).matches("[A-Za-z0-9_-]+");
        assertThat(Announcements.tellName(ALERT + "-U", 1, "B")).isNotEqualTo(Announcements.tellName(ALERT, 1, "U-B"));
    }

    @Test
    void tell_shouldKeepTheResponseUrlOutOfItsText() {
        // GIVEN
        Tell tell = new Tell(ALERT, "https://hooks.slack.com/actions/T0/1/secret", "UBOB", "C0", "Already claimed.");

        // WHEN / THEN: records end up in log lines through toString
        assertThat(tell.toString()).doesNotContain("hooks.slack.com").contains("(redacted)").contains("UBOB");
    }
}
