package io.klaxon.ingest.aws;

import io.micronaut.core.annotation.Nullable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Region codes, partitions, and the display names CloudWatch writes into alarm messages.
 *
 * <p>A region always comes from an ARN or from a field that holds a code. The display-name table is
 * consulted only when a message carries no ARN at all (a bare alarm message): it maps the names
 * CloudWatch has used, current ("EU (Ireland)") and old ("EU - Ireland"), to codes, so that the key
 * built for such an alarm still matches its real ARN. Unknown names map to nothing; a display name
 * is never published as a region.
 */
public final class Regions {


    private static final Map<String, String> DISPLAY_NAMES = new HashMap<>();

    static {
        display("us-east-1", "US East (N. Virginia)", "US East - N. Virginia", "US-East (N. Virginia)");
        display("us-east-2", "US East (Ohio)", "US East - Ohio");
        display("us-west-1", "US West (N. California)", "US West - N. California");
        display("us-west-2", "US West (Oregon)", "US West - Oregon");
        display("af-south-1", "Africa (Cape Town)");
        display("ap-east-1", "Asia Pacific (Hong Kong)");
        display("ap-south-1", "Asia Pacific (Mumbai)", "Asia Pacific - Mumbai");
        display("ap-south-2", "Asia Pacific (Hyderabad)");
        display("ap-northeast-1", "Asia Pacific (Tokyo)", "Asia Pacific - Tokyo");
        display("ap-northeast-2", "Asia Pacific (Seoul)", "Asia Pacific - Seoul");
        display("ap-northeast-3", "Asia Pacific (Osaka)", "Asia Pacific (Osaka-Local)");
        display("ap-southeast-1", "Asia Pacific (Singapore)", "Asia Pacific - Singapore");
        display("ap-southeast-2", "Asia Pacific (Sydney)", "Asia Pacific - Sydney");
        display("ap-southeast-3", "Asia Pacific (Jakarta)");
        display("ap-southeast-4", "Asia Pacific (Melbourne)");
        display("ca-central-1", "Canada (Central)");
        display("ca-west-1", "Canada West (Calgary)");
        display("eu-central-1", "EU (Frankfurt)", "Europe (Frankfurt)", "EU - Frankfurt");
        display("eu-central-2", "Europe (Zurich)", "EU (Zurich)");
        display("eu-west-1", "EU (Ireland)", "Europe (Ireland)", "EU - Ireland");
        display("eu-west-2", "EU (London)", "Europe (London)", "EU - London");
        display("eu-west-3", "EU (Paris)", "Europe (Paris)", "EU - Paris");
        display("eu-north-1", "EU (Stockholm)", "Europe (Stockholm)");
        display("eu-south-1", "EU (Milan)", "Europe (Milan)");
        display("eu-south-2", "Europe (Spain)", "EU (Spain)");
        display("il-central-1", "Israel (Tel Aviv)");
        display("me-south-1", "Middle East (Bahrain)");
        display("me-central-1", "Middle East (UAE)");
        display("sa-east-1", "South America (Sao Paulo)", "South America (São Paulo)", "South America - Sao Paulo");
        display("cn-north-1", "China (Beijing)");
        display("cn-northwest-1", "China (Ningxia)");
        display("us-gov-west-1", "AWS GovCloud (US-West)", "AWS GovCloud (US)");
        display("us-gov-east-1", "AWS GovCloud (US-East)");
    }

    private Regions() {
    }

    private static void display(String code, String... names) {
        for (String name : names) {
            DISPLAY_NAMES.put(name.toLowerCase(Locale.ROOT), code);
        }
    }

    /** True for a region code such as {@code us-east-1} or {@code us-gov-west-1}. */
    public static boolean isCode(@Nullable String value) {
        // By hand, the shape [a-z]{2}(-[a-z]+)+-\d{1,2}: ingest asks this of several values per alarm,
        // and the regex was a measurable share of normalizing one (docs/benchmarks.md).
        if (value == null) {
            return false;
        }
        int n = value.length();
        int lastDash = value.lastIndexOf('-');
        int digits = n - lastDash - 1;
        if (lastDash < 0 || digits < 1 || digits > 2 || !isDigit(value.charAt(n - 1)) || !isDigit(value.charAt(lastDash + 1))) {
            return false;
        }
        // Before the last dash: two letters, then one or more groups of a dash and letters.
        if (lastDash < 4 || !isLetter(value.charAt(0)) || !isLetter(value.charAt(1)) || value.charAt(2) != '-') {
            return false;
        }
        boolean letterSinceDash = false;
        for (int i = 3; i < lastDash; i++) {
            char c = value.charAt(i);
            if (c == '-') {
                if (!letterSinceDash) {
                    return false;
                }
                letterSinceDash = false;
            } else if (isLetter(c)) {
                letterSinceDash = true;
            } else {
                return false;
            }
        }
        return letterSinceDash;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value when it is a region code, else null ("global", "EXAMPLE", display names …). */
    @Nullable
    public static String code(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        return isCode(s) ? s : null;
    }

    /** The code for a CloudWatch region display name; null when the name is not a known one. */
    @Nullable
    public static String fromDisplayName(@Nullable String displayName) {
        return displayName == null ? null : DISPLAY_NAMES.get(displayName.strip().toLowerCase(Locale.ROOT));
    }

    /** The first value that is a region code. */
    @Nullable
    public static String first(@Nullable String... values) {
        for (String value : values) {
            String code = code(value);
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    /** The partition a region belongs to; {@code aws} when the region is unknown. */
    public static String partitionOf(@Nullable String region) {
        if (region == null) {
            return "aws";
        }
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        if (region.startsWith("eusc-")) {
            return "aws-eusc";
        }
        return "aws";
    }
}
