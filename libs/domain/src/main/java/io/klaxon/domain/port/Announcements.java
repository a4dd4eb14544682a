package io.klaxon.domain.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names and inputs of announcement executions. The name makes starting one idempotent: one per
 * alert version and kind (a change to tell, or a bare refresh), so a retried writer, or twenty
 * losing clicks on one version, start it once.
 */
public final class Announcements {

    /** Step Functions execution names: 1–80 characters of letters, digits, '-' and '_'. */
    static final int MAX_NAME = 80;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+");
    /** Slack user ids ({@code U…}, {@code W…}); no '-', so the name's last segment is the user. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9]+");

    private Announcements() {
    }

    public static String executionName(WorkflowOutcome outcome) {
        String kind = outcome.change() == null ? "refresh" : "announce";
        String name = kind + "-v" + outcome.version() + "-" + outcome.alertId();
        if (name.length() <= MAX_NAME && SAFE.matcher(outcome.alertId()).matches()) {
            return name;
        }
        // Alert ids are execution names themselves, so this only guards ids made elsewhere.
        return kind + "-v" + outcome.version() + "-" + sha256(outcome.alertId()).substring(0, 40);
    }

    /**
     * The name of a {@code tell} execution: {@code tell-v<version>-<alertId>-<userId>}, one per
     * person and alert version. Names that would be too long or hold other characters keep the
     * prefix and end in a digest of alert and user instead.
     */
    public static String tellName(String alertId, long version, String userId) {
        String name = "tell-v" + version + "-" + alertId + "-" + userId;
        if (name.length() <= MAX_NAME && SAFE.matcher(alertId).matches() && USER.matcher(userId).matches()) {
            return name;
        }
        // A user id never holds '\n', so the digest of "alertId\nuserId" cannot collide across splits.
        return "tell-v" + version + "-" + sha256(alertId + "\n" + userId).substring(0, 40);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
