package io.klaxon.logging.provider;

import org.slf4j.event.KeyValuePair;

/**
 * The readable console form ({@code KLAXON_LOG_FORMAT=text}):
 * {@code LEVEL logger - message requestId=… alertId=… key=value…}, then the stack trace on the
 * lines below, each starting with a tab. Untrusted text is escaped as in JSON (a newline shows as
 * {@code \n}), so a message still cannot start a line of its own; a double quote stays as it is.
 */
final class TextLayout implements Layout {

    @Override
    public void append(StringBuilder out, LogLine line) {
        String level = line.level().name();
        out.append(level);
        for (int i = level.length(); i < 5; i++) {
            out.append(' ');
        }
        out.append(' ').append(shortName(line.logger())).append(" - ");
        JsonText.escapeForConsole(out, String.valueOf(line.message()));
        pair(out, "requestId", line.requestId());
        pair(out, "alertId", line.alertId());
        pair(out, "alertKey", line.alertKey());
        if (line.keyValues() != null) {
            for (KeyValuePair kv : line.keyValues()) {
                pair(out, String.valueOf(kv.key), String.valueOf(kv.value));
            }
        }
        if (line.error() != null) {
            out.append("\n\t");
            JsonText.escapeForConsole(out, StackTraces.summary(line.error()));
            for (String entry : StackTraces.entries(line.error())) {
                out.append("\n\t");
                if (!entry.startsWith("Caused by: ") && !entry.startsWith("Suppressed: ") && !entry.startsWith("... ")) {
                    out.append("at ");
                }
                JsonText.escapeForConsole(out, entry);
            }
        }
    }

    private static void pair(StringBuilder out, String key, String value) {
        if (value != null) {
            out.append(' ');
            JsonText.escapeForConsole(out, key);
            out.append('=');
            JsonText.escapeForConsole(out, value);
        }
    }

    /** {@code io.klaxon.notify.NotifyService} as {@code NotifyService}: the class says enough on a console. */
    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
