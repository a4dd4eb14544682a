package io.klaxon.interact.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    private final ReplayGuard guard = new ReplayGuard(300);

    @Test
    void firstUse_shouldBeTrueOnceAndFalseAfter_withinTheWindow() {
        assertThat(guard.firstUse("v0=a", 1_000, 1_000)).isTrue();
        assertThat(guard.firstUse("v0=a", 1_000, 1_299)).isFalse();
        assertThat(guard.firstUse("v0=b", 1_000, 1_299)).isTrue();
    }

    @Test
    void firstUse_shouldForgetASignature_whenItsTimestampLeftTheWindow() {
        // GIVEN a signature accepted at 1000: its timestamp is acceptable until 1300
        guard.firstUse("v0=a", 1_000, 1_000);
        // WHEN a request arrives at 1301 (the verifier refuses that timestamp as too old anyway)
        guard.firstUse("v0=c", 1_301, 1_301);
        // THEN the old signature no longer takes memory
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void firstUse_shouldKeepMemoryBounded_whenMoreThanCapacityArriveWithinTheWindow() {
        for (int i = 0; i < ReplayGuard.CAPACITY + 500; i++) {
            assertThat(guard.firstUse("v0=" + i, 1_000, 1_000)).isTrue();
        }
        assertThat(guard.size()).isEqualTo(ReplayGuard.CAPACITY);
        // the most recent ones are still refused as replays
        assertThat(guard.firstUse("v0=" + (ReplayGuard.CAPACITY + 499), 1_000, 1_000)).isFalse();
    }
}
