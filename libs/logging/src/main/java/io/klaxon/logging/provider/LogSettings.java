package io.klaxon.logging.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * What the provider reads at start-up, from the environment only: no configuration file to find
 * or parse on a cold start.
 *
 * <ul>
 *   <li>{@code AWS_LAMBDA_LOG_LEVEL} (Lambda sets it from the function's {@code ApplicationLogLevel}),
 *       else {@code KLAXON_LOG_LEVEL}: TRACE, DEBUG, INFO, WARN or ERROR (FATAL counts as ERROR).
 *       Default INFO.</li>
 *   <li>{@code KLAXON_LOG_FORMAT}: {@code json} (default, Lambda's JSON log format) or {@code text}
 *       (a readable console form for people).</li>
 * </ul>
 * Micronaut, the AWS SDK and Jetty (DynamoDB Local's server, in the local runtime) stay at WARN unless
 * DEBUG or TRACE is asked for: at INFO they describe their own start-up, which says nothing about an alert.
 *
 * @param problems settings that could not be read, each a sentence; the provider logs them once
 */
public record LogSettings(Level threshold, Format format, List<String> problems) {

    public static final String LAMBDA_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    public static final String LEVEL = "KLAXON_LOG_LEVEL";
    public static final String FORMAT = "KLAXON_LOG_FORMAT";

    private static final List<String> QUIET_UNLESS_DEBUG = List.of("io.micronaut", "software.amazon",
            "org.eclipse.jetty");

    public enum Format { JSON, TEXT }

    public LogSettings {
        problems = List.copyOf(problems);
    }

    public static LogSettings from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String levelVariable = present(env.get(LAMBDA_LEVEL)) ? LAMBDA_LEVEL : LEVEL;
        Level threshold = level(levelVariable, env.get(levelVariable), problems);
        Format format = format(env.get(FORMAT), problems);
        return new LogSettings(threshold, format, problems);
    }

    /** The lowest level a logger of this name writes. */
    public Level thresholdFor(String loggerName) {
        if (threshold.toInt() > Level.DEBUG.toInt() && threshold.toInt() < Level.WARN.toInt() && quiet(loggerName)) {
            return Level.WARN;
        }
        return threshold;
    }

    private static boolean quiet(String loggerName) {
        for (String prefix : QUIET_UNLESS_DEBUG) {
            if (loggerName.equals(prefix) || loggerName.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    private static Level level(String variable, String raw, List<String> problems) {
        if (!present(raw)) {
            return Level.INFO;
        }
        String value = raw.strip().toUpperCase(Locale.ROOT);
        return switch (value) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> {
                problems.add(variable + " is '" + raw + "', which is not a log level (TRACE, DEBUG, INFO, WARN, ERROR or"
                        + " FATAL); logging at INFO");
                yield Level.INFO;
            }
        };
    }

    private static Format format(String raw, List<String> problems) {
        if (!present(raw)) {
            return Format.JSON;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "text" -> Format.TEXT;
            default -> {
                problems.add(FORMAT + " is '" + raw + "', expected 'json' or 'text'; writing JSON");
                yield Format.JSON;
            }
        };
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
