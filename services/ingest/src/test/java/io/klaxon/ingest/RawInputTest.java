package io.klaxon.ingest;

import static io.klaxon.ingest.testing.Samples.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.ingest.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An input given as the handler's bytes normalizes exactly as its text did, well-formed or not: the
 * parsers read the received bytes only when they are the text's own encoding.
 */
class RawInputTest {

    private final Normalizer normalizer = new Normalizer();

    @Test
    void normalize_shouldGiveTheTextsResult_whenGivenTheBytesOfEverySample() {
        // GIVEN every sample under samples/, as bytes and as text
        int compared = 0;
        for (String sample : samples()) {
            String text = Samples.read(sample);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

            // WHEN each is normalized
            Object fromText = outcome(() -> normalizer.normalize(text, RECEIVED));
            Object fromBytes = outcome(() -> normalizer.normalize(RawInput.of(bytes), RECEIVED));

            // THEN the same signals, ignored items and confirmation, or the same rejection
            assertThat(fromBytes).as("normalized from the bytes of %s", sample).isEqualTo(fromText);
            compared++;
        }
        assertThat(compared).as("samples compared").isGreaterThanOrEqualTo(80);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "C1BF", "E080AF", "EDA080", "F08080AF", "F4908080", "F888808080", "80", "C328", "FF"})
    void normalize_shouldReadTheDecodedText_whenTheBytesAreMalformedUtf8(String malformed) {
        // GIVEN an SNS Lambda event whose alarm name holds malformed UTF-8 (an overlong '/', an encoded
        // surrogate, a code point past U+10FFFF, a stray byte …): Jackson's decoder would accept some of them
        String event = Samples.read("sns-cloudwatch/rheoceros-metric-alarm-real.json");
        byte[] bytes = splice(event.getBytes(StandardCharsets.UTF_8), "node_failure\\\",\\\"AlarmDescription", malformed);
        String decoded = new String(bytes, StandardCharsets.UTF_8);

        // WHEN the bytes are normalized
        RawInput input = RawInput.of(bytes);
        NormalizeResult fromBytes = normalizer.normalize(input, RECEIVED);

        // THEN the parsers read the text's encoding (U+FFFD where the bytes were malformed), as before
        assertThat(input.utf8()).isEqualTo(decoded.getBytes(StandardCharsets.UTF_8)).isNotEqualTo(bytes);
        assertThat(fromBytes).isEqualTo(normalizer.normalize(decoded, RECEIVED));
        assertThat(fromBytes.signals().getFirst().title()).contains("\uFFFD");
    }

    @Test
    void utf8_shouldBeTheBytesReceived_whenTheyAreWellFormed() {
        // GIVEN well-formed UTF-8 with Latin-1, non-Latin and astral characters, and a literal U+FFFD
        byte[] plain = "{\"a\":\"é ü 東京 😀\"}".getBytes(StandardCharsets.UTF_8);
        byte[] replacement = "{\"a\":\"\uFFFD\"}".getBytes(StandardCharsets.UTF_8);

        // WHEN / THEN the bytes are kept as they are, not encoded again; a text holding U+FFFD is encoded
        // again, which gives the same bytes
        assertThat(RawInput.of(plain).utf8()).isSameAs(plain);
        assertThat(RawInput.of(replacement).utf8()).isEqualTo(replacement);
        assertThat(RawInput.of("{\"a\":1}").utf8()).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** The result, or the rejection's class and message, so that both kinds of outcome compare. */
    private static Object outcome(Supplier<NormalizeResult> normalize) {
        try {
            return normalize.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** The bytes with the hex bytes inserted where the marker's first quote is (the end of the alarm's name). */
    private static byte[] splice(byte[] bytes, String marker, String hex) {
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker) + marker.indexOf('\\');
        byte[] insert = HexFormat.of().parseHex(hex);
        byte[] out = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
        return out;
    }

    private static List<String> samples() {
        return Samples.paths();
    }
}
