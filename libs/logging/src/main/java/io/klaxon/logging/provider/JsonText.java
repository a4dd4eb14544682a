package io.klaxon.logging.provider;

/**
 * JSON string escaping. Every character that could end a line or confuse a terminal is escaped,
 * so untrusted text (an alarm name, a Slack payload in an error message) can never forge a line:
 * the C0 controls, DEL, the C1 controls, U+2028/U+2029, and unpaired surrogates (which would
 * otherwise turn into '?' when the line is encoded as UTF-8).
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a quoted JSON string; null as {@code null}. */
    static void quote(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        escape(out, value);
        out.append('"');
    }

    /** Appends the escaped characters of {@code value}, without quotes. */
    static void escape(StringBuilder out, CharSequence value) {
        escape(out, value, true);
    }

    /**
     * Appends {@code value} for a console line: escaped as in JSON except that a double quote stays
     * itself, because no quotes surround it there and {@code detailType="Alert Fired"} should read as written.
     */
    static void escapeForConsole(StringBuilder out, CharSequence value) {
        escape(out, value, false);
    }

    private static void escape(StringBuilder out, CharSequence value, boolean quotes) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        unicode(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
