package io.klaxon.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code klaxon config check} and {@code klaxon oncall}: exit codes, stdout and stderr, never a stack trace. */
class CommandsTest {

    private static final String EXAMPLE = "/examples/klaxon.yaml";
    private static final Instant NOW = Instant.parse("2026-02-02T10:00:00Z");

    @TempDir
    Path root;
    private Path example;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyExample() throws Exception {
        example = root.resolve("example.yaml");
        try (var in = CommandsTest.class.getResourceAsStream(EXAMPLE)) {
            Files.write(example, in.readAllBytes());
        }
    }

    private int run(Map<String, String> env, String... args) {
        Main.Console console = new Main.Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, root, Clock.fixed(NOW, ZoneOffset.UTC));
        return Main.run(console, List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void check_shouldPrintOkAndExit0_whenTheFileIsValid() {
        // GIVEN the example / WHEN checked
        int code = run(Map.of(), "check", example.toString());
        // THEN
        assertThat(code).isZero();
        assertThat(out()).isEqualTo("ok\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void check_shouldPrintEveryErrorAsFileLineAndExit2_whenTheFileIsInvalid() throws Exception {
        // GIVEN a file with two problems
        Path bad = root.resolve("bad.yaml");
        Files.writeString(bad, """
                routes:
                  - { name: default, channel: C0X, policy: nope }
                policies:
                  default: { claimTimeout: soon, levels: [{ mention: [here] }] }
                """);
        // WHEN checked
        int code = run(Map.of(), "check", bad.toString());
        // THEN two lines on stderr, nothing on stdout, exit 2
        assertThat(code).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err().lines().toList()).containsExactly(
                bad + ":2: route 'default' names policy 'nope', which is not under policies: (known: default)",
                bad + ":4: 'soon' is not a duration: a whole number and s, m, h, d or w (30s, 5m, 1h, 1d, 1w)");
    }

    @Test
    void check_shouldReportTheFileOnLine1_whenItIsMissingOrNotText() throws Exception {
        // GIVEN a missing file and a binary one
        Path binary = root.resolve("binary.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        // WHEN each is checked / THEN one line each, exit 2, no stack trace
        assertThat(run(Map.of(), "check", root.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(run(Map.of(), "check", binary.toString())).isEqualTo(2);
        assertThat(err().lines().toList()).containsExactly(root.resolve("nope.yaml") + ":1: no such file",
                binary + ":1: not UTF-8 text");
    }

    @Test
    void check_shouldCheckKlaxonYamlAtTheRoot_whenNoFileIsGiven() throws Exception {
        // GIVEN a broken klaxon.yaml at the repository root
        Files.writeString(root.resolve("klaxon.yaml"), "routes: []\npolicies: {}\n");
        // WHEN checked without a file
        int code = run(Map.of(), "check");
        // THEN that file is what was checked
        assertThat(code).isEqualTo(2);
        assertThat(err()).startsWith(root.resolve("klaxon.yaml") + ":1: no routes");
    }

    @Test
    void check_shouldSayOk_whenThereIsNoFileAndTheBuiltInApplies() {
        // GIVEN no klaxon.yaml and no KLAXON_CONFIG / WHEN checked
        int code = run(Map.of(), "check");
        // THEN ok, and a note on stderr that the built-in route applies
        assertThat(code).isZero();
        assertThat(out()).isEqualTo("ok\n");
        assertThat(err()).contains("built-in route 'default'");
    }

    @Test
    void oncall_shouldPrintEveryScheduleAndItsUser_whenNoneIsNamed() {
        // GIVEN the example, on 2 Feb 2026 11:00 in Berlin (week 4 since 5 Jan: 4 mod 3 = 1)
        // WHEN asked
        int code = run(Map.of(), "oncall", "--config", example.toString());
        // THEN
        assertThat(code).isZero();
        assertThat(out()).isEqualTo("db-primary U02\n");
    }

    @Test
    void oncall_shouldAnswerForTheInstantGiven_whenAtIsSet() {
        // GIVEN the example's override for U09 over the spring-forward weekend
        // WHEN asked for 29 March 2026 12:00Z, and by name
        int code = run(Map.of("KLAXON_CONFIG", example.toString()), "oncall", "--at", "2026-03-29T12:00:00Z", "db-primary");
        // THEN the override wins
        assertThat(code).isZero();
        assertThat(out()).isEqualTo("db-primary U09\n");
    }

    @Test
    void oncall_shouldExit2AndPrintNothing_whenAScheduleIsUnknown() {
        // GIVEN / WHEN one known and one unknown schedule are asked for
        int code = run(Map.of(), "oncall", "--config", example.toString(), "db-primary", "web");
        // THEN nothing on stdout, the unknown one named on stderr
        assertThat(code).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("klaxon oncall: no schedule web in " + example + " (it has db-primary)\n");
    }

    @Test
    void oncall_shouldExit2WithUsage_whenAtIsNotAnInstant() {
        // GIVEN / WHEN a local time instead of an instant
        int code = run(Map.of(), "oncall", "--config", example.toString(), "--at", "2026-03-29T12:00");
        // THEN
        assertThat(code).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).startsWith("klaxon oncall: --at: '2026-03-29T12:00' is not an ISO-8601 instant");
    }

    @Test
    void oncall_shouldExit2WithTheConfigErrors_whenTheFileIsInvalid() throws Exception {
        // GIVEN a schedule with a bad zone
        Path bad = root.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(example).replace("Europe/Berlin", "Mars/Olympus"));
        // WHEN asked
        int code = run(Map.of(), "oncall", "--config", bad.toString());
        // THEN the file's error, in the config error format
        assertThat(code).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).matches(java.util.regex.Pattern.quote(bad.toString()) + ":\\d+: 'Mars/Olympus' is not an IANA time zone.*\n");
    }

    @Test
    void main_shouldExit2WithUsage_whenTheCommandIsUnknownOrMissing() {
        // GIVEN / WHEN / THEN
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
        assertThat(run(Map.of(), "check", "a.yaml", "b.yaml")).isEqualTo(2);
        assertThat(run(Map.of(), "oncall", "--config")).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("usage:").doesNotContain("Exception");
    }
}
