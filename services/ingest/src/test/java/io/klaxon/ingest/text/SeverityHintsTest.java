package io.klaxon.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityHintsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "severity: critical — payment API down | CRITICAL",
            "Severity=high                         | HIGH",
            "api 5xx [P1]                          | CRITICAL",
            "[P2] queue backlog                    | HIGH",
            "P3 - disk 80%                         | WARNING",
            "SEV2: checkout latency                | HIGH",
            "(warning) cert expires in 20 days     | WARNING",
            "nightly job [info]                    | INFO",
            "sev: p4                               | INFO",
            // the keyed marker after other s and S, in mixed case, at the very end
            "ss s sS sEv=p2                        | HIGH",
            "Pods restarts SEVERITY : low          | INFO",
            "x sS SeV:p1                           | CRITICAL",
    })
    void find_shouldReadExplicitMarkers_whenTextCarriesOne(String text, Severity expected) {
        assertThat(SeverityHints.find(text)).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seven s sev", "S SE SEV", "critical path latency is high", "HTTP 5xx above 1%", "EC2-P1 fleet", "Example alarm description."})
    void find_shouldIgnoreOrdinaryWords_whenThereIsNoMarker(String text) {
        assertThat(SeverityHints.find(text)).isEmpty();
    }
}
