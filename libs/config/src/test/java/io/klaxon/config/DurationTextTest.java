package io.klaxon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest(name = "{0} = {1} s")
    @CsvSource({"30s,30", "5m,300", "1h,3600", "12h,43200", "1d,86400", "1w,604800", "999999999s,999999999"})
    void parse_shouldGiveTheDuration_whenTheTextIsANumberAndAUnit(String text, long seconds) {
        // GIVEN / WHEN
        Duration d = DurationText.parse(text).orElseThrow();
        // THEN it is that many seconds, and writes back as given
        assertThat(d).hasSeconds(seconds);
        assertThat(DurationText.format(d)).isEqualTo(text);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "5", "m", "0s", "05m", "1.5h", "-1h", "1H", "1 h", "1y", "1h30m", "1000000000s"})
    void parse_shouldRefuse_whenTheTextIsNotOneWholeNumberAndOneUnit(String text) {
        // GIVEN / WHEN / THEN
        assertThat(DurationText.parse(text)).isEmpty();
    }
}
