package io.klaxon.deliver;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How each vendor checks a signature, written from its documentation independently of
 * {@code io.klaxon.deliver.sign.Signatures}: the receiving side of the same scheme.
 */
final class VendorSignatures {

    private VendorSignatures() {
    }

    /** DingTalk: the query's sign, URL-decoded and Base64-decoded, is HMAC-SHA256(secret, ts + "\n" + secret). */
    static boolean dingTalkAccepts(String pathAndQuery, String secret) throws Exception {
        Map<String, String> query = query(URI.create(pathAndQuery).getRawQuery());
        String ts = query.get("timestamp");
        String sign = query.get("sign");
        if (ts == null || sign == null) {
            return false;
        }
        byte[] expected = mac(secret.getBytes(StandardCharsets.UTF_8), (ts + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, Base64.getDecoder().decode(sign));
    }

    /** Feishu: body sign = Base64(HMAC-SHA256 keyed by ts + "\n" + secret, over nothing). */
    static boolean feishuAccepts(String timestamp, String sign, String secret) throws Exception {
        byte[] expected = mac((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]);
        return sign != null && MessageDigest.isEqual(expected, Base64.getDecoder().decode(sign));
    }

    /** Klaxon webhook: header v1=hex(HMAC-SHA256(secret, ts + "." + body)). */
    static boolean webhookAccepts(String timestamp, String signature, String body, String secret) throws Exception {
        byte[] expected = mac(secret.getBytes(StandardCharsets.UTF_8), (timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder("v1=");
        for (byte b : expected) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return signature != null && MessageDigest.isEqual(hex.toString().getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
