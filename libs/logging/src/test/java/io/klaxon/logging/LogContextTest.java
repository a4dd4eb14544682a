package io.klaxon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.logging.provider.KlaxonLogProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Through SLF4J's own front door: the provider is found, and the invocation's fields reach each line. */
class LogContextTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogContextTest.class);

    @Test
    void provider_shouldBeTheOneSlf4jBinds() {
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith(KlaxonLogProvider.class.getName());
    }

    @Test
    void invocation_shouldStampRequestAndAlertOnEveryLine_andForgetThemOnClose() {
        // GIVEN an invocation with a request id, naming its alert
        List<String> lines = captured(() -> {
            LogContext.begin("req-1");
            try (var log = LogContext.invocation().alertId("a-1").alertKey("k-1")) {
                // WHEN lines are logged inside it, one about another alert
                LOG.warn("inside {}", "the invocation");
                try (var other = LogContext.alertId("a-2")) {
                    LOG.warn("about another alert");
                }
                LOG.atWarn().addKeyValue("attempt", 2).log("back to the first");
            }
            LOG.warn("after");
        });

        // THEN each line is one JSON object with the fields of the moment
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("\"level\":\"WARN\"", "\"message\":\"inside the invocation\"",
                "\"logger\":\"io.klaxon.logging.LogContextTest\"", "\"requestId\":\"req-1\"", "\"alertId\":\"a-1\"",
                "\"alertKey\":\"k-1\"");
        assertThat(lines.get(1)).contains("\"alertId\":\"a-2\"");
        assertThat(lines.get(2)).contains("\"alertId\":\"a-1\"", "\"attempt\":2");
        // AND nothing outlives the invocation
        assertThat(lines.get(3)).doesNotContain("requestId", "alertId", "alertKey");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void begin_shouldForgetThePreviousInvocation_whenItWasNeverClosed() {
        // GIVEN an invocation whose handler never ran (its input could not be decoded)
        LogContext.begin("req-old");
        MDC.put(LogContext.ALERT_ID, "a-old");

        // WHEN the next one begins
        LogContext.begin("req-new");

        // THEN only the new request id is there
        assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("req-new");
        assertThat(MDC.get(LogContext.ALERT_ID)).isNull();
        MDC.clear();
    }

    @Test
    void line_shouldCarryOnlyKnownFields_whenTheMdcHoldsSomethingElse() {
        // GIVEN something put in the MDC that is not a log field (say, a token)
        List<String> lines = captured(() -> {
            MDC.put("taskToken", "AAAA-secret-token");
            try {
                LOG.warn("a line");
            } finally {
                MDC.clear();
            }
        });
        // THEN it is not written
        assertThat(lines).singleElement().asString().doesNotContain("secret-token");
    }

    /** What the provider writes to System.out while {@code action} runs, line by line. */
    private static List<String> captured(Runnable action) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
