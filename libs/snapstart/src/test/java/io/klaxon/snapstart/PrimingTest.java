package io.klaxon.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

    private static final class Recording extends Priming {
        final List<String> calls = new ArrayList<>();
        RuntimeException failure;

        @Override
        protected String what() {
            return "the test path";
        }

        @Override
        protected void prime() {
            calls.add("prime");
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Test
    void run_shouldPrimeAndReportSuccess_whenThePrimingCompletes() {
        // GIVEN a priming WHEN it runs
        Recording priming = new Recording();
        boolean done = priming.run();

        // THEN it primed once and says so
        assertThat(done).isTrue();
        assertThat(priming.calls).containsExactly("prime");
    }

    @Test
    void beforeCheckpoint_shouldOnlyWarn_whenThePrimingFails() {
        // GIVEN a priming whose synthetic work fails
        Recording priming = new Recording();
        priming.failure = new IllegalStateException("no table");

        // WHEN the checkpoint runs it THEN nothing is thrown (the snapshot must not fail), and run reports it
        priming.beforeCheckpoint(null);
        assertThat(priming.run()).isFalse();
        assertThat(priming.calls).containsExactly("prime", "prime");
    }
}
