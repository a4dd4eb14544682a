package io.klaxon.logging.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class TextLayoutTest {

    @Test
    void append_shouldReadAsLevelLoggerMessageAndPairs_whenTheFormatIsText() {
        // GIVEN a line about an alert
        LogLine line = new LogLine(Instant.now(), Level.INFO, "io.klaxon.notify.NotifyService", "posted",
                "req-1", "a-1", null, null, null);

        // WHEN it is rendered for a console
        StringBuilder out = new StringBuilder();
        new TextLayout().append(out, line);

        // THEN it is the readable form
        assertThat(out).hasToString("INFO  NotifyService - posted requestId=req-1 alertId=a-1");
    }

    @Test
    void append_shouldShowANewlineAsEscape_whenTheMessageWouldForgeALine() {
        // GIVEN a hostile message
        LogLine line = new LogLine(Instant.now(), Level.WARN, "x", "a\nFORGED\u001b[31m", null, null, null, null, null);

        // WHEN it is rendered
        StringBuilder out = new StringBuilder();
        new TextLayout().append(out, line);

        // THEN it stays on one line, without control characters
        assertThat(out.toString()).isEqualTo("WARN  x - a\\nFORGED\\u001b[31m");
    }

    @Test
    void append_shouldKeepQuotesAsWritten_whenTheMessageQuotesAValue() {
        // GIVEN a message that quotes a value with a space, and a backslash in a pair
        LogLine line = new LogLine(Instant.now(), Level.INFO, "io.klaxon.ingest.IngestService",
                "ingest published detailType=\"Alert Fired\"", null, null, "alarm:\"db\" C:\\x", null, null);

        // WHEN it is rendered for a console
        StringBuilder out = new StringBuilder();
        new TextLayout().append(out, line);

        // THEN the quotes read as written, and a backslash stays escaped so that \n still means a newline
        assertThat(out).hasToString("INFO  IngestService - ingest published detailType=\"Alert Fired\""
                + " alertKey=alarm:\"db\" C:\\\\x");
    }

    @Test
    void append_shouldPrintTheTraceOnTabbedLines_whenAThrowableIsLogged() {
        StringBuilder out = new StringBuilder();
        new TextLayout().append(out, new LogLine(Instant.now(), Level.ERROR, "x", "failed", null, null, null, null,
                new IllegalStateException("bad\nthing")));
        assertThat(out.toString().lines().skip(1))
                .allSatisfy(l -> assertThat(l).startsWith("\t"))
                .first().isEqualTo("\tjava.lang.IllegalStateException: bad\\nthing");
    }
}
