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
            for (Pattern pattern : new Pattern[] {KEYED, BRACKETED, LEADING}) {
                Matcher m = pattern.matcher(text);
                if (m.find()) {
                    Severity severity = level(m.group(1));
                    if (severity != null) {
                        return Optional.of(severity);
                    }
                }
            }
        }
        return Optional.empty();
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
