package io.klaxon.ingest.text;

import io.klaxon.domain.signal.Severity;
import io.micronaut.core.annotation.Nullable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Severity that people wrote into names and descriptions. Only explicit markers count, so that an
 * ordinary word in a sentence ("a critical path") never changes how loud an alert is:
 * <ul>
 *   <li>{@code severity: high}, {@code severity=critical}, {@code sev: p2} anywhere;</li>
 *   <li>a bracketed level anywhere: {@code [P1]}, {@code (SEV2)}, {@code [critical]}, {@code [warning]};</li>
 *   <li>a leading priority: {@code P1 - api down}, {@code SEV2: queue backlog}.</li>
 * </ul>
 * Levels: P1/SEV1/critical → critical; P2/SEV2/high/major/error → high;
 * P3/SEV3/warning/warn/medium/minor → warning; P4/P5/SEV4/SEV5/low/info → info.
 */
public final class SeverityHints {

    private static final String LEVEL =
            "(p[1-5]|sev-?[1-5]|critical|crit|fatal|emergency|high|major|error|warning|warn|medium|moderate|minor|low|info|informational)";
    private static final Pattern KEYED = Pattern.compile("(?i)\\b(?:severity|sev)\\s*[:=]\\s*" + LEVEL + "\\b");
    private static final Pattern BRACKETED = Pattern.compile("(?i)[\\[(]\\s*" + LEVEL + "\\s*[])]");
    private static final Pattern LEADING = Pattern.compile("(?i)^\\s*(p[1-5]|sev-?[1-5])(?=$|[\\s:\\-–|])");

    private SeverityHints() {
    }

    /** The first hint found, searching the texts in order. */
    public static Optional<Severity> find(@Nullable String... texts) {
        for (String text : texts) {
            if (text == null || text.isEmpty()) {
                continue;
            }
            // Each pattern runs only where it can match: most names and descriptions carry no hint, and
            // the three searches were a tenth of the time to normalize an alarm (docs/benchmarks.md).
            Severity severity = null;
            if (containsSev(text)) {
                severity = search(KEYED, text);
            }
            if (severity == null && (text.indexOf('[') >= 0 || text.indexOf('(') >= 0)) {
                severity = search(BRACKETED, text);
            }
            if (severity == null && startsLikePriority(text)) {
                severity = search(LEADING, text);
            }
            if (severity != null) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    @Nullable
    private static Severity search(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? level(m.group(1)) : null;
    }

    /** KEYED needs "sev" (ASCII, any case) somewhere. */
    private static boolean containsSev(String text) {
        return containsSev(text, 's') || containsSev(text, 'S');
    }

    /** Jumps from one {@code s} to the next with {@code indexOf} (vectorised), not a check of every character. */
    private static boolean containsSev(String text, char s) {
        for (int i = text.indexOf(s); i >= 0 && i + 3 <= text.length(); i = text.indexOf(s, i + 1)) {
            if (text.regionMatches(true, i + 1, "ev", 0, 2)) {
                return true;
            }
        }
        return false;
    }

    /** LEADING needs a p or an s first, after the whitespace {@code \\s} skips. */
    private static boolean startsLikePriority(String text) {
        int i = 0;
        while (i < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i == text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return c == 'p' || c == 'P' || c == 's' || c == 'S';
    }

    /** Maps a level word or priority to a severity; null when it is not one. */
    @Nullable
    public static Severity level(@Nullable String word) {
        if (word == null) {
            return null;
        }
        String w = word.strip().toLowerCase(Locale.ROOT).replace("-", "");
        return switch (w) {
            case "p1", "sev1", "critical", "crit", "fatal", "emergency" -> Severity.CRITICAL;
            case "p2", "sev2", "high", "major", "error" -> Severity.HIGH;
            case "p3", "sev3", "warning", "warn", "medium", "moderate", "minor" -> Severity.WARNING;
            case "p4", "p5", "sev4", "sev5", "low", "info", "informational" -> Severity.INFO;
            default -> null;
        };
    }
}
