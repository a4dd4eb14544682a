package io.klaxon.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

    private static final class Recording extends Priming {
        final List<String> calls;
        RuntimeException failure;

        Recording() {
            this(new ArrayList<>());
        }

        private Recording(List<String> calls) {
            super("the test path", absentId -> calls.add("read " + absentId));
            this.calls = calls;
        }

        @Override
        protected void primePath() {
            calls.add("path");
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Test
    void run_shouldPrimeThePathThenReadTheAbsentItem_whenThePrimingCompletes() {
        // GIVEN a priming WHEN it runs
        Recording priming = new Recording();
        boolean done = priming.run();

        // THEN it primed the path once, read the id no alert has, and says so
        assertThat(done).isTrue();
        assertThat(priming.calls).containsExactly("path", "read " + Priming.PRIMING_ALERT_ID);
    }

    @Test
    void beforeCheckpoint_shouldOnlyWarn_andStillReadTheStore_whenThePathFails() {
        // GIVEN a priming whose synthetic work fails
        Recording priming = new Recording();
        priming.failure = new IllegalStateException("no loopback port");

        // WHEN the checkpoint runs it THEN nothing is thrown (the snapshot must not fail), and run reports it
        priming.beforeCheckpoint(null);
        assertThat(priming.run()).isFalse();
        // AND the store's read is primed all the same, each time
        String read = "read " + Priming.PRIMING_ALERT_ID;
        assertThat(priming.calls).containsExactly("path", read, "path", read);
    }

    @Test
    void run_shouldReportFailure_whenOnlyTheStoreReadFails() {
        // GIVEN a priming whose store is unreachable
        List<String> calls = new ArrayList<>();
        Priming priming = new Priming("the test path", absentId -> {
            throw new IllegalStateException("no table");
        }) {
            @Override
            protected void primePath() {
                calls.add("path");
            }
        };

        // WHEN it runs THEN the path was primed and the failure is reported
        assertThat(priming.run()).isFalse();
        assertThat(calls).containsExactly("path");
    }
}
