package io.klaxon.deliver.format;

import java.nio.charset.StandardCharsets;

/**
 * Text from an alert (an alarm name anyone with CloudWatch access chose) inside a chat tool's
 * markdown: it must read as text, never as a link, a heading or a mention.
 */
final class Markdown {

    private Markdown() {
    }

    /**
     * Backslash-escapes markdown punctuation. Angle brackets become look-alike guillemets: WeCom
     * reads {@code <font>} tags and none of these tools documents an escape for them.
     */
    static String text(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\\', '*', '_', '`', '[', ']', '(', ')', '#', '!', '|', '~' -> out.append('\\').append(c);
                case '<' -> out.append('‹');
                case '>' -> out.append('›');
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A markdown link to an https URL; the URL's own parentheses are percent-encoded so they cannot end it. */
    static String link(String label, String url) {
        return "[" + text(label) + "](" + url.replace("(", "%28").replace(")", "%29").replace(" ", "%20") + ")";
    }

    /**
     * Cuts {@code text} to at most {@code maxBytes} of UTF-8, on a character boundary, marking the cut.
     */
    static String limitUtf8(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        String marker = "…";
        int budget = maxBytes - marker.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.append(marker).toString();
    }
}
