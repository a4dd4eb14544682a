package io.klaxon.ingest.time;

import io.micronaut.core.annotation.Nullable;
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
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{12,14}");
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
                if (EPOCH_MILLIS.matcher(s).matches()) {
                    return Instant.ofEpochMilli(Long.parseLong(s));
                }
                return iso(s);
            }
            return rfc1123(s);
        } catch (DateTimeParseException | NumberFormatException notATime) {
            return null;
        }
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
