package io.klaxon.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationPolicyTest {

    private static EscalationPolicy policy(long timeout, int levels) {
        List<EscalationPolicy.Level> l = java.util.stream.IntStream.range(0, levels)
                .mapToObj(i -> new EscalationPolicy.Level(List.of("U" + i), false)).toList();
        return new EscalationPolicy("default", "C1", timeout, 3600, l, true);
    }

    @Test
    void claimTimeoutAt_shouldStayConfigured_untilTheLastLevel() {
        var p = policy(300, 3);
        assertThat(p.claimTimeoutAt(0)).isEqualTo(300);
        assertThat(p.claimTimeoutAt(1)).isEqualTo(300);
        assertThat(p.claimTimeoutAt(2)).isEqualTo(300);
    }

    @Test
    void claimTimeoutAt_shouldDoubleUpToAnHour_whenRepeatingTheLastLevel() {
        var p = policy(300, 1);
        assertThat(p.claimTimeoutAt(0)).isEqualTo(300);
        assertThat(List.of(p.claimTimeoutAt(1), p.claimTimeoutAt(2), p.claimTimeoutAt(3), p.claimTimeoutAt(4),
                p.claimTimeoutAt(5), p.claimTimeoutAt(500))).containsExactly(600L, 1200L, 2400L, 3600L, 3600L, 3600L);
    }

    @Test
    void claimTimeoutAt_shouldKeepALongerConfiguredTimeout() {
        assertThat(policy(7200, 1).claimTimeoutAt(9)).isEqualTo(7200);
    }

    @Test
    void claimTimeoutAt_shouldBackOff_whenThePolicyHasNoLevels() {
        var p = policy(60, 0);
        assertThat(p.claimTimeoutAt(0)).isEqualTo(60);
        assertThat(p.claimTimeoutAt(1)).isEqualTo(120);
    }
}
