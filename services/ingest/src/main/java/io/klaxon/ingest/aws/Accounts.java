package io.klaxon.ingest.aws;

import io.micronaut.core.annotation.Nullable;

/** AWS account ids as they appear in payloads. */
public final class Accounts {

    private Accounts() {
    }

    /**
     * The account id in a value, or null. Accepts any run of digits: real ids have 12, but samples and
     * masked e-mails carry 9, 10 and 13, and rejecting them would lose the only account we have. Strips
     * the backticks and spaces that re-published events (AWS Health Aware) wrap around it.
     */
    @Nullable
    public static String clean(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        while (s.length() >= 2 && s.charAt(0) == '`' && s.charAt(s.length() - 1) == '`') {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return s;
    }

    /** The first value that is an account id. */
    @Nullable
    public static String first(@Nullable String... values) {
        for (String value : values) {
            String clean = clean(value);
            if (clean != null) {
                return clean;
            }
        }
        return null;
    }
}
