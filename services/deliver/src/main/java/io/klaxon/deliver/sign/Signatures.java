package io.klaxon.deliver.sign;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature schemes of the destinations that sign, each as its vendor documents it. They differ
 * in what is the key and what is the message, which is easy to get backwards: DingTalk keys with the
 * secret, Feishu keys with the string to sign and signs nothing.
 */
public final class Signatures {

    private Signatures() {
    }

    /**
     * DingTalk custom robot: {@code sign} = URL-encoded Base64 of HmacSHA256, keyed with the secret,
     * over {@code timestamp + "\n" + secret}; {@code timestamp} in milliseconds. Both go in the query.
     */
    public static String dingTalk(String secret, long timestampMillis) {
        byte[] mac = hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
                (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8);
    }

    /**
     * Feishu/Lark custom bot: {@code sign} = Base64 of HmacSHA256 keyed with
     * {@code timestamp + "\n" + secret} over an empty message; {@code timestamp} in seconds. Both go
     * in the JSON body.
     */
    public static String feishu(String secret, long timestampSeconds) {
        byte[] mac = hmacSha256((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]);
        return Base64.getEncoder().encodeToString(mac);
    }

    /**
     * Klaxon's generic webhook: {@code v1=} + hex of HmacSHA256 keyed with the secret over
     * {@code timestamp + "." + body}; {@code timestamp} in seconds (header {@code X-Klaxon-Timestamp}).
     */
    public static String webhook(String secret, long timestampSeconds, String body) {
        byte[] mac = hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
                (timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1=" + HexFormat.of().formatHex(mac);
    }

    private static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty key is legal for HMAC but not for SecretKeySpec; no vendor scheme produces one.
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
