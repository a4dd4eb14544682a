package io.klaxon.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One input as ingest received it: its text and its UTF-8 bytes. The Lambda runtime hands the function
 * bytes, the JSON parsers read bytes, and the general path and the error messages need the text; this
 * keeps both so that neither is made again from the other. Before, the handler decoded the bytes to text
 * and each parser encoded the text back to bytes, two copies of the whole input per invocation
 * (docs/benchmarks.md, "CloudWatch alarm: Klaxon beside a Python formatter", seventh round).
 *
 * <p>The bytes given to {@link #of(byte[])} are kept only when they are exactly the text's UTF-8 encoding,
 * so that every parser reads the same characters as before, whatever came in. Decoding replaces malformed
 * UTF-8 (an overlong form, a stray continuation byte, an encoded surrogate) with U+FFFD, and Jackson's own
 * decoder would instead accept some of those forms, so any U+FFFD in the text means the bytes are encoded
 * again from the text, as before. Well-formed UTF-8 decodes and encodes back to the same bytes.
 * The bytes are not copied: the caller gives them up.
 */
public final class RawInput {

    private final String text;
    private byte[] utf8;

    private RawInput(String text, byte[] utf8) {
        this.text = text;
        this.utf8 = utf8;
    }

    /** The input as the Lambda runtime delivers it; the caller must not change the array afterwards. */
    public static RawInput of(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        // On the common Latin-1 text, indexOf of a character beyond Latin-1 answers without a scan.
        return new RawInput(text, text.indexOf('\uFFFD') < 0 ? utf8 : null);
    }

    /** An input given as text (tests, the CLI, the local runtime); its bytes are encoded when first asked for. */
    public static RawInput of(String text) {
        return new RawInput(Objects.requireNonNull(text, "text"), null);
    }

    public String text() {
        return text;
    }

    /** The text's UTF-8 encoding: the bytes received when they are exactly that, else encoded once. Not to be changed. */
    public byte[] utf8() {
        if (utf8 == null) {
            utf8 = text.getBytes(StandardCharsets.UTF_8);
        }
        return utf8;
    }
}
