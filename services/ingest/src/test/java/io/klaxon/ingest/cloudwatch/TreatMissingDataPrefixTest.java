package io.klaxon.ingest.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written prefix reader does what the regex it replaced did, edge cases included. */
class TreatMissingDataPrefixTest {

    private static final Pattern PREFIX = Pattern.compile("(?i)^-?\\s*TreatMissingData\\s*:\\s*");

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"- TreatMissingData:                    missing", "-TreatMissingData:missing",
            "TreatMissingData: notBreaching", "treatmissingdata : breaching", "- \t TREATMISSINGDATA\u000b:\fignore",
            "missing", "--TreatMissingData: x", " - TreatMissingData: x", "- TreatMissingData missing",
            "- TreatMissingDat: x", "- TreatMıssingData: x", "- Treatmiſſingdata: x", "- TreatMissingData:", "",
            "-", "- TreatMissingData\u00a0: x", "- TreatMissingData:\u2003x", "TreatMissingData::x", "a: b"})
    void withoutTreatMissingPrefix_shouldAgreeWithThePrefixPattern_whenGivenEdgeCases(String value) {
        assertThat(CloudWatchAlarms.withoutTreatMissingPrefix(value)).isEqualTo(PREFIX.matcher(value).replaceFirst(""));
    }
}
