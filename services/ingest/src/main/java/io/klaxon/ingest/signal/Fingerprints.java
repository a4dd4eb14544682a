package io.klaxon.ingest.signal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short, stable content fingerprints: for ids when a source gives none (a bare message has no SNS
 * MessageId), so that a redelivery of the same content still gets the same id.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** The first 128 bits of SHA-256 over the parts (separated so that "ab","c" differs from "a","bc"), as hex. */
    public static String of(String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
        for (String part : parts) {
            sha.update((part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
