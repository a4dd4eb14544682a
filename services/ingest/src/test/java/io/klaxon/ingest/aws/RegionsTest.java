package io.klaxon.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionsTest {

    /** The definition isCode implements by hand. */
    private static final Pattern REGION_CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"us-east-1", "us-east-12", "us-east-123", "us-gov-west-1", "u-east-1", "use-east-1",
            "us--east-1", "us-east--1", "us-east-", "us-1", "us-east-1a", "us-East-1", "-us-east-1", "us-east-x",
            "us-e-1", "us-e-f-g-9", "", "-", "--1", "ab-c-0", "ab-c-00", "ab-c-", "ab-c1-2", "ab-c-1-2", " us-east-1",
            "us-east-1 ", "us-ea st-1", "ab-é-1", "ab-c-١"})
    void isCode_shouldAgreeWithTheRegionCodePattern_whenGivenEdgeCases(String value) {
        assertThat(Regions.isCode(value)).isEqualTo(REGION_CODE.matcher(value).matches());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1", "cn-northwest-1", "il-central-1"})
    void code_shouldAcceptRegionCodes_whenValueIsOne(String value) {
        assertThat(Regions.code(value)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EU - Ireland", "US East (N. Virginia)", "REGION", "EXAMPLE", "global", "region", "us-east"})
    void code_shouldRejectEverythingElse_whenValueIsADisplayNameOrPlaceholder(String value) {
        assertThat(Regions.code(value)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "EU - Ireland              | eu-west-1",
            "EU (Ireland)              | eu-west-1",
            "US West - Oregon          | us-west-2",
            "US East (N. Virginia)     | us-east-1",
            "Asia Pacific (Seoul)      | ap-northeast-2",
            "Canada (Central)          | ca-central-1",
    })
    void fromDisplayName_shouldMapCloudWatchDisplayNames_whenKnown(String name, String code) {
        assertThat(Regions.fromDisplayName(name)).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"US (Virginia)", "EXAMPLE", "Mars (Olympus Mons)"})
    void fromDisplayName_shouldGiveNothing_whenNameIsNotOneCloudWatchUses(String name) {
        assertThat(Regions.fromDisplayName(name)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"us-east-1, aws", "cn-north-1, aws-cn", "us-gov-east-1, aws-us-gov", ", aws"})
    void partitionOf_shouldFollowTheRegionPrefix_whenRegionIsGiven(String region, String partition) {
        assertThat(Regions.partitionOf(region)).isEqualTo(partition);
    }
}
