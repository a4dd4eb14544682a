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
        assertThat(options).isEqualTo(new StormOptions(1000, 60, 0.1, 0.05, 10, 0.5, Duration.ofMinutes(10), 8));
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
    }
}
