package io.klaxon.logging.provider;

/** Renders one {@link LogLine} as exactly one line of text (without the line end). */
interface Layout {

    void append(StringBuilder out, LogLine line);
}
