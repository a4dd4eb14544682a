package io.klaxon.logging.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

class JsonLayoutTest {

    private static final Instant AT = Instant.parse("2025-01-31T09:05:03.042Z");

    private static String render(LogLine line) {
        StringBuilder out = new StringBuilder();
        new JsonLayout().append(out, line);
        return out.toString();
    }

    @Test
    void append_shouldWriteLambdasJsonFields_whenTheContextNamesTheRequestAndAlert() {
        // GIVEN a line inside an invocation about one alert
        LogLine line = new LogLine(AT, Level.INFO, "io.klaxon.notify.NotifyService", "posted",
                "8f5e-req", "a-123", "arn:aws:cloudwatch:eu-west-1:1:alarm:x", null, null);

        // WHEN it is rendered
        String json = render(line);

        // THEN it is exactly Lambda's shape, fields in a stable order
        assertThat(json).isEqualTo("{\"timestamp\":\"2025-01-31T09:05:03.042Z\",\"level\":\"INFO\",\"message\":\"posted\","
                + "\"logger\":\"io.klaxon.notify.NotifyService\",\"requestId\":\"8f5e-req\",\"alertId\":\"a-123\","
                + "\"alertKey\":\"arn:aws:cloudwatch:eu-west-1:1:alarm:x\"}");
    }

    @Test
    void append_shouldEscapeEveryLineBreakingCharacter_whenTheMessageIsHostile() {
        // GIVEN a message with a newline that would forge a line, NUL, ESC, BEL, DEL, C1, U+2028, quotes and a lone surrogate
        String hostile = "evil\nFORGED INFO line\r\u0000\u001b[31m\u0007\u007f\u0085\u2028\"q\"\\\ud800end";
        LogLine line = new LogLine(AT, Level.WARN, "x", hostile, null, null, null, null, null);

        // WHEN it is rendered
        String json = render(line);

        // THEN the line has no control character left, and the message reads back exactly
        assertThat(json).doesNotContainPattern("[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]").doesNotContain("\ud800");
        assertThat(json).contains("\"message\":\"evil\\nFORGED INFO line\\r\\u0000\\u001b[31m\\u0007\\u007f\\u0085\\u2028"
                + "\\\"q\\\"\\\\\\ud800end\"");
    }

    @Test
    void append_shouldKeepAPairedEmoji_whenTheMessageHasOne() {
        String json = render(new LogLine(AT, Level.INFO, "x", "fire \uD83D\uDD25", null, null, null, null, null));
        assertThat(json).contains("\"message\":\"fire \uD83D\uDD25\"");
    }

    @Test
    void append_shouldWriteErrorTypeMessageAndStackTraceArray_whenAThrowableIsLogged() {
        // GIVEN an error with a cause
        IllegalStateException error = new IllegalStateException("outer\nline", new java.io.IOException("inner"));
        LogLine line = new LogLine(AT, Level.ERROR, "x", "failed", null, null, null, null, error);

        // WHEN it is rendered
        String json = render(line);

        // THEN the error fields are there, the trace is an array of frames and causes, on one line
        assertThat(json).doesNotContain("\n")
                .contains("\"errorType\":\"java.lang.IllegalStateException\"")
                .contains("\"errorMessage\":\"outer\\nline\"")
                .contains("\"stackTrace\":[\"io.klaxon.logging.provider.JsonLayoutTest.")
                .contains("\"Caused by: java.io.IOException: inner\"")
                .endsWith("]}");
    }

    @Test
    void append_shouldNeverLetAKeyValueOverwriteALineField_whenItsKeyIsReserved() {
        // GIVEN fluent key-values, one named like a field of the line
        List<KeyValuePair> pairs = List.of(new KeyValuePair("level", "DEBUG"), new KeyValuePair("count", 3),
                new KeyValuePair("ok", true), new KeyValuePair("who", "a\"b"));
        LogLine line = new LogLine(AT, Level.INFO, "x", "m", null, null, null, pairs, null);

        // WHEN it is rendered
        String json = render(line);

        // THEN the line's level stays, the pair is renamed, numbers and booleans stay typed
        assertThat(json).contains("\"level\":\"INFO\"").contains("\"kv_level\":\"DEBUG\"")
                .contains("\"count\":3").contains("\"ok\":true").contains("\"who\":\"a\\\"b\"");
    }

    @Test
    void append_shouldPadTheTimestamp_whenTheMillisecondsAreZero() {
        String json = render(new LogLine(Instant.parse("2025-03-04T05:06:07Z"), Level.INFO, "x", "m", null, null, null,
                null, null));
        assertThat(json).startsWith("{\"timestamp\":\"2025-03-04T05:06:07.000Z\"");
    }
}
