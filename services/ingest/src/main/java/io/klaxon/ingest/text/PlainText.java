package io.klaxon.ingest.text;

import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;

/**
 * Shapes untrusted text for the bus: one-line titles within the contract's limit, plain multi-line
 * summaries with a size cap, and no control characters anywhere but the summary's line breaks (a
 * newline in an alarm name must not forge a log line, an ESC or BEL must not reach a terminal or
 * Slack). Nothing is escaped here: each channel escapes for itself.
 */
public final class PlainText {

    /** Summaries stay readable and far below EventBridge's 256 KB entry limit. */
    public static final int MAX_SUMMARY = 4000;

    private static final String ELLIPSIS = "…";

    private PlainText() {
    }

    /** One line: control characters and runs of whitespace become single spaces. */
    public static String oneLine(@Nullable String text) {
        if (text == null) {
            return "";
        }
        if (isOneLineAlready(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True when {@link #oneLine} would return the text unchanged: the common case, so no copy is made. */
    private static boolean isOneLineAlready(String text) {
        int n = text.length();
        if (n == 0) {
            return true;
        }
        if (text.charAt(0) == ' ' || text.charAt(n - 1) == ' ') {
            return false;
        }
        char previous = 'x';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                if (previous == ' ') {
                    return false;
                }
            } else if (!(c > ' ' && c < 0x7f)
                    && (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c))) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /**
     * A value that identifies or locates something (a key, an id, an ARN, a label name): kept as it
     * is except that each control character (C0, DEL, C1) becomes a space. Unlike {@link #oneLine}
     * nothing is collapsed or trimmed, so two different clean values never become the same one.
     */
    @Nullable
    public static String noControls(@Nullable String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (isControl(text.charAt(i))) {
                StringBuilder out = new StringBuilder(text);
                for (int j = i; j < out.length(); j++) {
                    if (isControl(out.charAt(j))) {
                        out.setCharAt(j, ' ');
                    }
                }
                return out.toString();
            }
        }
        return text;
    }

    /** A title: one line, at most {@link AlertSignal#MAX_TITLE} characters, ending in an ellipsis when cut. */
    public static String title(@Nullable String text) {
        return truncate(oneLine(text), AlertSignal.MAX_TITLE);
    }

    /**
     * A summary: line breaks normalised to {@code \n}, tabs turned into spaces, other control
     * characters removed, at most two consecutive blank lines, trimmed, at most {@link #MAX_SUMMARY}
     * characters.
     */
    public static String summary(@Nullable String text) {
        if (text == null) {
            return "";
        }
        if (isSummaryAlready(text)) {
            return truncate(text.strip(), MAX_SUMMARY);
        }
        String s = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(s.length());
        int newlines = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                if (++newlines <= 2) {
                    out.append(c);
                }
            } else if (c == '\t') {
                newlines = 0;
                out.append(' ');
            } else if (!Character.isISOControl(c)) {
                newlines = 0;
                out.append(c);
            }
        }
        return truncate(out.toString().strip(), MAX_SUMMARY);
    }

    /** True when the loop in {@link #summary} would copy the text as it is: no control but single or double line breaks. */
    private static boolean isSummaryAlready(String text) {
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (++newlines > 2) {
                    return false;
                }
            } else if (isControl(c)) {
                return false;
            } else {
                newlines = 0;
            }
        }
        return true;
    }

    /**
     * {@link Character#isISOControl(char)} spelled out: every field of every signal is scanned with
     * it, and the JDK call measured about twice as slow per character in these loops.
     */
    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }

    /** Joins the non-blank parts with blank lines between them. */
    public static String paragraphs(@Nullable String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(part.strip());
            }
        }
        return out.toString();
    }

    /**
     * Turns literal backslash-n sequences into line breaks, for text that was escaped twice on its way
     * (some AWS Health descriptions arrive that way, sometimes mixed with real line breaks). Only for
     * prose that never means a literal backslash-n.
     */
    public static String unescapeLiteralNewlines(@Nullable String text) {
        if (text == null || !text.contains("\\n")) {
            return text == null ? "" : text;
        }
        return text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t");
    }

    /** Cuts to at most {@code max} UTF-16 units, never inside a surrogate pair, adding an ellipsis when cut. */
    public static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /** The first non-blank value, stripped; null when there is none. */
    @Nullable
    public static String firstNonBlank(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
