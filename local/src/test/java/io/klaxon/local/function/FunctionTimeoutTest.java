package io.klaxon.local.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The local runtime ends a workflow invocation at its function's Timeout, as Lambda does. */
class FunctionTimeoutTest {

    @Test
    void run_shouldFailWithLambdasTimeout_andInterruptTheHandler_whenItRunsPastTheTimeout() throws Exception {
        // GIVEN a handler that would run until it is stopped
        CountDownLatch stopped = new CountDownLatch(1);
        Instant start = Instant.now();

        // WHEN it is invoked with a timeout of 300 ms
        assertThatThrownBy(() -> FunctionTimeout.run("klaxon-notify", Duration.ofMillis(300), deadline -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                stopped.countDown();
            }
            return "never";
        }))
                // THEN the caller gets Lambda's failure at the timeout, which the workflow sees as Lambda.Unknown
                .isInstanceOf(FunctionTimeout.TimedOut.class)
                .hasMessage("klaxon-notify: Task timed out after 0.30 seconds");
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(FunctionTimeout.TimedOut.ERROR).isEqualTo("Lambda.Unknown");
        // AND the handler's thread was told to stop
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void run_shouldGiveTheHandlerItsDeadline_andReturnItsAnswer_whenItEndsInTime() {
        // GIVEN a handler that answers at once, noting the deadline it was given
        AtomicReference<Instant> given = new AtomicReference<>();
        Instant before = Instant.now();

        // WHEN it is invoked with a 30 s timeout
        Object answer = FunctionTimeout.run("klaxon-notify", Duration.ofSeconds(30), deadline -> {
            given.set(deadline);
            return "done";
        });

        // THEN its answer comes back, and its deadline was the timeout from the invocation's start
        assertThat(answer).isEqualTo("done");
        assertThat(given.get()).isBetween(before.plusSeconds(30), Instant.now().plusSeconds(30));
    }

    @Test
    void run_shouldPassTheHandlersOwnErrorOn_asLambdaReportsIt() {
        assertThatThrownBy(() -> FunctionTimeout.run("klaxon-lifecycle", Duration.ofSeconds(30), deadline -> {
            throw new IllegalArgumentException("lifecycle has no op 'x'");
        })).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("lifecycle has no op 'x'");
    }
}
