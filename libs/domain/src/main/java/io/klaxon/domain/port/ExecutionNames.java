package io.klaxon.domain.port;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an execution's name says about it. Every execution of the alert lifecycle state machine is
 * named after its alert: the opening one is the alert id itself (the bus rule starts it with a
 * random name); announcements are {@code announce-v<version>-<alertId>} or
 * {@code refresh-v<version>-<alertId>} ({@link Announcements}); the reconciler's repairs are
 * {@code repair-<n>-<alertId>}; an open started again because it failed before its alert was stored is
 * {@code reopen-<n>-<first name>}, and that whole name is its alert id (ADR 0010).
 */
public final class ExecutionNames {

    private static final Pattern DERIVED = Pattern.compile("(announce|refresh)-v\\d+-(.+)|repair-(\\d+)-(.+)");
    private static final Pattern REOPEN = Pattern.compile("reopen-(\\d+)-(.+)");

    private ExecutionNames() {
    }

    public enum Kind { OPEN, ANNOUNCE, REPAIR }

    /**
     * @param alertId the alert the execution works for
     * @param attempt for a repair its number, for an open started again how often it was (0: the first open)
     * @param origin  for an open, the name of the first open of its signal; otherwise the alert id
     */
    public record Parsed(Kind kind, String alertId, int attempt, String origin) {
    }

    public static Parsed parse(String name) {
        Matcher m = DERIVED.matcher(name);
        if (m.matches()) {
            return m.group(1) != null ? new Parsed(Kind.ANNOUNCE, m.group(2), 0, m.group(2))
                    : new Parsed(Kind.REPAIR, m.group(4), Integer.parseInt(m.group(3)), m.group(4));
        }
        Matcher reopen = REOPEN.matcher(name);
        if (reopen.matches()) {
            return new Parsed(Kind.OPEN, name, Integer.parseInt(reopen.group(1)), reopen.group(2));
        }
        return new Parsed(Kind.OPEN, name, 0, name);
    }

    /** The repair number {@code n} of an alert; at most 80 characters for alert ids of up to 64. */
    public static String repair(int n, String alertId) {
        return "repair-" + n + "-" + alertId;
    }

    /** The {@code n}th restart of the open first named {@code origin}. */
    public static String reopen(int n, String origin) {
        return "reopen-" + n + "-" + origin;
    }
}
