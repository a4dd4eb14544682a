package io.klaxon.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void title_shouldBeOneLineWithinLimit_whenTextIsLongAndMultiline() {
        // GIVEN
        String text = "first line\nsecond\tline " + "x".repeat(300);

        // WHEN
        String title = PlainText.title(text);

        // THEN
        assertThat(title).hasSize(150).startsWith("first line second line x").endsWith("…").doesNotContain("\n", "\t");
    }

    @Test
    void title_shouldNotSplitASurrogatePair_whenCutFallsInsideOne() {
        // GIVEN 148 letters then emoji (each two UTF-16 units)
        String text = "a".repeat(148) + "😀😀😀";

        // WHEN
        String title = PlainText.title(text);

        // THEN
        assertThat(title.length()).isLessThanOrEqualTo(150);
        assertThat(Character.isHighSurrogate(title.charAt(title.length() - 2))).isFalse();
        assertThat(title).endsWith("…");
    }

    @Test
    void summary_shouldKeepLineBreaksAndDropControlCharacters_whenTextIsRaw() {
        // GIVEN
        String text = "  a\r\nb\u0007c\n\n\n\n\nd  ";

        // WHEN / THEN
        assertThat(PlainText.summary(text)).isEqualTo("a\nbc\n\nd");
    }

    @Test
    void summary_shouldNotEscapeMarkup_whenTextHasAngleBracketsAndAmpersands() {
        // GIVEN / WHEN / THEN escaping is each channel's job
        assertThat(PlainText.summary("<b> & **x**")).isEqualTo("<b> & **x**");
    }
}
