package io.klaxon.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.events.DetailJson;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.ingest.UnreadableInputException;
import io.klaxon.ingest.testing.Samples;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every signal that every sample yields is published with exactly the text Micronaut Serialization
 * would write for it: the publisher's hand-written writer for signals ({@link DetailJson}) changes
 * speed, never the bus contract.
 */
class DetailJsonSamplesTest {

    private static final ObjectMapper MAPPER = ObjectMapper.getDefault();

    @Test
    void write_shouldMatchTheMapper_whenGivenTheSignalsOfEverySample() throws IOException {
        // GIVEN the signals of every sample under samples/
        List<String> samples = samples();
        DetailJson writer = new DetailJson(MAPPER);
        int compared = 0;

        for (String sample : samples) {
            List<AlertSignal> signals;
            try {
                signals = Samples.normalize(sample).signals();
            } catch (UnreadableInputException notAnInput) {
                continue; // a bare message body kept beside its envelope, not something ingest receives
            }
            for (AlertSignal signal : signals) {
                // WHEN the publisher's writer writes one
                String written = writer.write(signal);

                // THEN it is the mapper's text, character for character (no sample has a character
                // outside the BMP, the one documented difference)
                assertThat(written).as("detail of a signal of %s", sample).isEqualTo(MAPPER.writeValueAsString(signal));
                compared++;
            }
        }
        assertThat(compared).as("signals compared").isGreaterThan(60);
    }

    private static List<String> samples() {
        return Samples.paths();
    }
}
