package io.klaxon.ingest.time;

import io.micronaut.core.annotation.Nullable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Times as AWS writes them, parsed leniently; null for anything that is not a time (documentation
 * placeholders such as {@code yyyy-mm-ddThh:mm:ssZ}), so callers fall back to the next candidate.
 * <ul>
 *   <li>ISO-8601 with {@code Z}, {@code +00:00} or CloudWatch's {@code +0000}; a space instead of {@code T};
 *       fractions of any length ({@code 2022-06-25 10:00:48.868000+00:00});</li>
 *   <li>RFC 1123 as AWS Health writes it ({@code Fri, 3 Jun 2022 05:01:10 GMT}); the weekday is ignored,
 *       because published samples carry wrong ones;</li>
 *   <li>epoch milliseconds (SQS {@code SentTimestamp}).</li>
 * </ul>
 * A local time without an offset is read as UTC.
 */
public final class SourceTimes {

    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final DateTimeFormatter RFC_1123_NO_WEEKDAY =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.ENGLISH);

    private SourceTimes() {
    }

    @Nullable
    public static Instant parse(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        if (s.length() < 10) {
            return null;
        }
        try {
            if (Character.isDigit(s.charAt(0))) {
                if (isEpochMillis(s)) {
                    return Instant.ofEpochMilli(Long.parseLong(s));
                }
                return iso(s);
            }
            return rfc1123(s);
        } catch (DateTimeParseException | NumberFormatException notATime) {
            return null;
        }
    }

    /** Twelve to fourteen ASCII digits (regex {@code \d{12,14}}), by hand: every alarm time passes here. */
    private static boolean isEpochMillis(String s) {
        if (s.length() < 12 || s.length() > 14) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The first value that parses. */
    @Nullable
    public static Instant first(@Nullable String... values) {
        for (String value : values) {
            Instant t = parse(value);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Instant iso(String s) {
        Instant common = commonIso(s);
        if (common != null) {
            return common;
        }
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        if (t.endsWith("Z") || t.endsWith("z")) {
            return OffsetDateTime.parse(t.substring(0, t.length() - 1) + "+00:00").toInstant();
        }
        t = COMPACT_OFFSET.matcher(t).replaceFirst("$1:$2");
        int tIndex = t.indexOf('T');
        boolean hasOffset = tIndex > 0 && (t.indexOf('+', tIndex) > 0 || t.indexOf('-', tIndex) > 0);
        if (hasOffset) {
            return OffsetDateTime.parse(t).toInstant();
        }
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }

    /**
     * The shape nearly every AWS time has ({@code 2017-01-12T16:30:42.236+0000}, {@code …Z}, {@code …+00:00},
     * a space for the {@code T}, or no offset), read without building strings, regexes or a formatter:
     * the general path below cost a sixth of the time to normalize an alarm (docs/benchmarks.md).
     * Null whenever the text has any other shape or a field is out of range, so that the general path
     * decides exactly as before.
     */
    @Nullable
    private static Instant commonIso(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(s, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        int rest = n - i;
        if (rest == 0) {
            offsetSeconds = 0;
        } else if (rest == 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if ((rest == 5 || rest == 6) && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            int oh = digits(s, i + 1, 2);
            int om = rest == 6 ? (s.charAt(i + 3) == ':' ? digits(s, i + 4, 2) : -1) : digits(s, i + 3, 2);
            if (oh < 0 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** The value of {@code count} ASCII digits at {@code from}; -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant rfc1123(String s) {
        int comma = s.indexOf(',');
        String rest = comma >= 0 ? s.substring(comma + 1).strip() : s;
        if (rest.endsWith(" GMT") || rest.endsWith(" UTC")) {
            return LocalDateTime.parse(rest.substring(0, rest.length() - 4), RFC_1123_NO_WEEKDAY)
                    .toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
