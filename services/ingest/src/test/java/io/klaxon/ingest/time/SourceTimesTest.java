package io.klaxon.ingest.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceTimesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2019-02-12T15:45:24.006+0000       | 2019-02-12T15:45:24.006Z",
            "2025-01-08T12:00:00.000Z           | 2025-01-08T12:00:00Z",
            "2019-10-03T16:00:04Z               | 2019-10-03T16:00:04Z",
            "2022-06-25 10:00:48.868000+00:00   | 2022-06-25T10:00:48.868Z",
            "2022-08-08T05:07:00.61Z            | 2022-08-08T05:07:00.610Z",
            "2021-01-01T09:00:00+0900           | 2021-01-01T00:00:00Z",
            "2019-02-12 15:45:24.091            | 2019-02-12T15:45:24.091Z",
            "'Fri, 3 Jun 2022 05:01:10 GMT'     | 2022-06-03T05:01:10Z",
            "'Thu, 27 Jan 2026 13:44:13 GMT'    | 2026-01-27T13:44:13Z",
            "1769601153617                      | 2026-01-28T11:52:33.617Z",
            "2021-01-01T10:00:00-0530           | 2021-01-01T15:30:00Z",
            "2021-01-01T10:00:00+18:00          | 2020-12-31T16:00:00Z",
            "2021-01-01T10:00:00.123456789Z     | 2021-01-01T10:00:00.123456789Z",
            "2020-02-29 00:00:00                | 2020-02-29T00:00:00Z",
            "2021-01-01t10:00:00z               | 2021-01-01T10:00:00Z",
            "2021-01-01T10:00Z                  | 2021-01-01T10:00:00Z",
    })
    void parse_shouldReadTheInstant_whenAwsWritesTimeThisWay(String text, Instant expected) {
        // GIVEN a time as some AWS payload writes it / WHEN / THEN
        assertThat(SourceTimes.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"yyyy-mm-ddThh:mm:ssZ", "EXAMPLE", "2019-13-45T99:00:00Z", "   ", "yesterday",
            "2021-02-29T00:00:00Z", "2021-01-01T23:59:60Z", "2021-01-01T10:00:00+05:75", "2021-01-01T10:00:00+19:00",
            "2021-01-01T10:00:00.1234567891Z", "2021-01-01T10:00:00 +0000"})
    void parse_shouldReturnNull_whenValueIsNotATime(String text) {
        // GIVEN a placeholder or nonsense / WHEN / THEN the caller falls back instead of failing
        assertThat(SourceTimes.parse(text)).isNull();
    }
}
