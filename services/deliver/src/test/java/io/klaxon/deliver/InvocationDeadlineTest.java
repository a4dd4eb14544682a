package io.klaxon.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvocationDeadlineTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    @Test
    void of_shouldKeepFiveSecondsBack_whenTheInvocationHasTheTemplatesTwoMinutes() {
        // GIVEN / WHEN Lambda reports 120 s left
        Instant deadline = InvocationDeadline.of(NOW, Duration.ofSeconds(120));

        // THEN delivering stops 5 s before Lambda's timeout, time to record and answer
        assertThat(deadline).isEqualTo(NOW.plusSeconds(115));
    }

    @Test
    void of_shouldKeepAQuarterBack_whenLittleTimeIsLeft() {
        // GIVEN / WHEN Lambda reports 4 s left
        Instant deadline = InvocationDeadline.of(NOW, Duration.ofSeconds(4));

        // THEN a quarter of it is kept back, not the whole reserve
        assertThat(deadline).isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void of_shouldUseTheTemplatesTimeout_whenNoLambdaContextSays() {
        // GIVEN / WHEN invoked without a Lambda Context (the local runtime)
        Instant deadline = InvocationDeadline.of(NOW, null);

        // THEN the deliver function's Timeout (120 s) less the reserve
        assertThat(deadline).isEqualTo(NOW.plusSeconds(115));
    }
}
