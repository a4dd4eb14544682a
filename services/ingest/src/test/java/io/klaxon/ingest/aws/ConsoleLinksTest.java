package io.klaxon.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleLinksTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "aws,        eu-west-1,     https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/api-5xx",
            "aws-cn,     cn-north-1,    https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/api-5xx",
            "aws-us-gov, us-gov-west-1, https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/api-5xx",
            "aws,        us-gov-east-1, https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-east-1#alarmsV2:alarm/api-5xx",
    })
    void cloudWatchAlarm_shouldUseThePartitionsConsole_whenPartitionOrRegionSaysSo(String partition, String region, String url) {
        // GIVEN / WHEN
        Link link = ConsoleLinks.cloudWatchAlarm(partition, region, "api-5xx");

        // THEN
        assertThat(link.url()).isEqualTo(url);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Test alarm                | Test%20alarm",
            "team/api#5xx?x=1&y        | team%2Fapi%235xx%3Fx%3D1%26y",
            "EC2インスタンス             | EC2%E3%82%A4%E3%83%B3%E3%82%B9%E3%82%BF%E3%83%B3%E3%82%B9",
            "100% CPU + disk           | 100%25%20CPU%20%2B%20disk",
            "a-b_c.d~e                 | a-b_c.d~e",
    })
    void cloudWatchAlarm_shouldPercentEncodeTheName_whenItHasReservedOrNonAsciiCharacters(String name, String encoded) {
        // GIVEN an alarm name with spaces, '/', '#', '%', '+', or non-ASCII
        // WHEN
        Link link = ConsoleLinks.cloudWatchAlarm("aws", "us-east-1", name);

        // THEN it stays inside the fragment, exactly
        assertThat(link.url()).endsWith("#alarmsV2:alarm/" + encoded);
    }

    @Test
    void cloudWatchAlarm_shouldGiveNoLink_whenRegionIsUnknown() {
        // GIVEN / WHEN / THEN a link to some other region's console would mislead
        assertThat(ConsoleLinks.cloudWatchAlarm("aws", null, "api-5xx")).isNull();
    }
}
