package io.klaxon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.serde.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reply's writer against Micronaut Serialization, which wrote it before: the same bytes, whatever the outcome. */
class IngestOutcomeJsonTest {

    private static final ObjectMapper MAPPER = ObjectMapper.getDefault();

    /** Strings that the inclusion rules or the escaping treat apart. */
    private static final String[] STRINGS = {null, "", " ", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r",
        "\u0000\u001f\u007f controls", "caf\u00e9 \u2028 \u4e2d", "emoji \ud83d\udea8", "lone \ud800 surrogate",
        "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:1:t&Token=ab+/="};

    static List<IngestOutcome> outcomes() {
        List<IngestOutcome> outcomes = new ArrayList<>(List.of(
                new IngestOutcome(0, 0, 0, List.of(), null),
                new IngestOutcome(1, 0, 0, null, null),
                new IngestOutcome(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, List.of(), null),
                new IngestOutcome(0, 0, 1, List.of(new Ignored("Records[0]: CloudWatch Alarm Configuration Change \"cpu\"",
                        "a configuration change is not an alert")), null),
                new IngestOutcome(0, 0, 0, List.of(), new SubscriptionConfirmation("SubscriptionConfirmation",
                        "arn:aws:sns:us-east-1:123456789012:klaxon", STRINGS[STRINGS.length - 1], "m-1")),
                new IngestOutcome(0, 0, 0, List.of(), new SubscriptionConfirmation(null, null, null, null))));
        Random random = new Random(10);
        for (int i = 0; i < 200; i++) {
            List<Ignored> items = new ArrayList<>();
            for (int n = random.nextInt(4); n > 0; n--) {
                items.add(new Ignored(pick(random), pick(random)));
            }
            SubscriptionConfirmation confirmation = random.nextBoolean() ? null
                    : new SubscriptionConfirmation(pick(random), pick(random), pick(random), pick(random));
            outcomes.add(new IngestOutcome(random.nextInt(5), random.nextInt(5), items.size(), items, confirmation));
        }
        return outcomes;
    }

    private static String pick(Random random) {
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    @ParameterizedTest
    @MethodSource("outcomes")
    void write_shouldWriteTheMappersBytes(IngestOutcome outcome) throws Exception {
        // GIVEN an outcome; WHEN both write it
        byte[] written = IngestOutcomeJson.write(outcome);
        byte[] mapper = MAPPER.writeValueAsBytes(outcome);

        // THEN the bytes are the same, and read back as the same outcome
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(mapper, StandardCharsets.UTF_8));
        assertThat(Arrays.equals(written, mapper)).isTrue();
        assertThat(MAPPER.readValue(written, IngestOutcome.class).published()).isEqualTo(outcome.published());
    }
}
