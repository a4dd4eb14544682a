package io.klaxon.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in the file: a whole number and one unit, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 12h}, {@code 1d}, {@code 1w}. A day is 24 hours and a week 7 days here; how a
 * schedule's shift lines up with local time across DST is {@link Schedule}'s business.
 */
public final class DurationText {

    /** Nine digits at most: no overflow, and nobody means a billion weeks. */
    static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,8})([smhdw])");

    private DurationText() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        });
    }

    /** The shortest way to write {@code d} in the file's form (for messages and the built-in default). */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % (7 * 86400) == 0) {
            return s / (7 * 86400) + "w";
        }
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
