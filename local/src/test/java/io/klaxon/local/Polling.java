package io.klaxon.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for something to become true by polling until a deadline; tests never sleep for time to pass. */
final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    private Polling() {
    }

    /**
     * @param whatHappened describes what was seen, for the failure message
     * @throws AssertionError when the deadline passes first
     */
    static <T> T await(Duration deadline, Supplier<Optional<T>> probe, Supplier<String> whatHappened) {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("condition not met within " + deadline + "; " + whatHappened.get());
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
        }
    }
}
