package io.klaxon.local.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StormOptionsTest {

    @Test
    void parse_shouldTakeEveryOption_whenGivenAsPairsOrWithEquals() {
        // GIVEN the benchmark's command line
        List<String> args = List.of("--alerts", "1000", "--seconds", "60", "--dup", "0.1", "--reorder=0.05", "--flap", "10");

        // WHEN it is parsed
        StormOptions options = StormOptions.parse(args);

        // THEN each value is taken and the rest keep their defaults
        assertThat(options).isEqualTo(new StormOptions(1000, 60, 0.1, 0.05, 10, 0.5, Duration.ofMinutes(10), 8, 0));
        assertThat(options.commandLine()).startsWith("./klaxon storm --alerts 1000 --seconds 60 --dup 0.1 --reorder 0.05 --flap 10");
    }

    @Test
    void parse_shouldNameTheOptionAndWhy_whenAValueIsWrong() {
        // GIVEN / WHEN / THEN
        assertThatThrownBy(() -> StormOptions.parse(List.of("--dup", "1.5"))).hasMessage("--dup is a fraction from 0 to 1, not 1.5");
        assertThatThrownBy(() -> StormOptions.parse(List.of("--alerts", "many"))).hasMessage("--alerts must be a whole number, not 'many'");
        assertThatThrownBy(() -> StormOptions.parse(List.of("--alerts", "0"))).hasMessage("--alerts must be at least 1, not 0");
        assertThatThrownBy(() -> StormOptions.parse(List.of("--flap"))).hasMessage("--flap needs a value");
        assertThatThrownBy(() -> StormOptions.parse(List.of("--storm", "1"))).hasMessage("unknown option '--storm'");
        assertThatThrownBy(() -> StormOptions.parse(List.of("--slack-faults", "2")))
                .hasMessage("--slack-faults is a fraction from 0 to 1, not 2.0");
    }

    @Test
    void parse_shouldTakeTheShareOfFaultySlackCalls_andShowItInTheCommandLine_whenGiven() {
        // GIVEN / WHEN
        StormOptions options = StormOptions.parse(List.of("--alerts", "30", "--slack-faults", "0.2"));

        // THEN
        assertThat(options.slackFaults()).isEqualTo(0.2);
        assertThat(options.commandLine()).endsWith("--seed 8 --slack-faults 0.2");
        assertThat(StormOptions.defaults().commandLine()).doesNotContain("--slack-faults");
    }
}
