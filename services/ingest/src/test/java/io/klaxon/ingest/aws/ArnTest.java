package io.klaxon.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ArnTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "arn:aws:sns:us-east-1:123456789012:alerts                 | aws | sns        | us-east-1 | 123456789012 | alerts",
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a:b:c     | aws | cloudwatch | eu-west-1 | 123456789012 | alarm:a:b:c",
            "arn:aws:s3:::bucket/key                                   | aws | s3         | ''        | ''           | bucket/key",
            "' arn:aws-cn:sns:cn-north-1:1:t '                         | aws-cn | sns     | cn-north-1 | 1          | t",
            "arn:aws:sns:us-east-1:1:                                  | aws | sns        | us-east-1 | 1            | ''",
    })
    void parse_shouldSplitSixParts_whenTextIsAnArn(String text, String partition, String service, String region,
                                                   String account, String resource) {
        // GIVEN an ARN / WHEN
        Arn arn = Arn.parse(text);
        // THEN the resource keeps every colon after the fifth
        assertThat(arn).isNotNull();
        assertThat(arn.partition()).isEqualTo(partition);
        assertThat(arn.service()).isEqualTo(service);
        assertThat(arn.region()).isEqualTo(region);
        assertThat(arn.account()).isEqualTo(account);
        assertThat(arn.resource()).isEqualTo(resource);
        assertThat(arn.text()).isEqualTo(text.strip());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"arn:aws:sns:EXAMPLE", "arn::sns:us-east-1:1:t", "arn:aws::us-east-1:1:t", "urn:aws:sns:r:a:t",
            "arn:aws:sns:r:a"})
    void parse_shouldGiveNull_whenTextIsNotAnArn(String text) {
        // GIVEN a placeholder or another identifier / WHEN / THEN
        assertThat(Arn.parse(text)).isNull();
    }
}
