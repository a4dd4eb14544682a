package io.klaxon.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionsTest {

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
