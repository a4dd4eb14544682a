package io.klaxon.local.storm;

import io.klaxon.local.LocalArtifact;
import io.klaxon.local.LocalConfig;
import io.klaxon.local.LocalRuntime;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./klaxon storm …}: starts the local runtime with its built-in defaults (no configuration file,
 * the workflow's real retry intervals) against a {@link LimitedSlack}, runs a {@link StormHarness}, and
 * prints its report. Exit 0 when the correctness targets hold, 1 when not, 2 for a wrong command line.
 */
public final class StormCommand {

    /** Keeps the figures about the storm: no escalation reminders inside the run unless asked for. */
    private static final long ESCALATE_AFTER_SECONDS = 3600;
    private static final String CHANNEL = "C0STORM";

    private StormCommand() {
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out) throws InterruptedException {
        StormOptions options;
        try {
            options = StormOptions.parse(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println("klaxon storm: " + wrong.getMessage());
            System.err.println(StormOptions.USAGE);
            return 2;
        }
        LocalConfig local = LocalConfig.fromEnvironment(env);
        long escalateAfter = env.containsKey("KLAXON_ESCALATE_AFTER_SECONDS") ? local.escalateAfterSeconds()
                : ESCALATE_AFTER_SECONDS;
        try (LimitedSlack slack = LimitedSlack.start(Clock.systemUTC(),
                new LimitedSlack.Faults(options.slackFaults(), options.seed()))) {
            LocalConfig config = new LocalConfig(0, "xoxb-klaxon-storm", local.slackSigningSecret(), slack.url(), "",
                    CHANNEL, escalateAfter, local.remindAfterSeconds(), local.escalationMentions(), local.node(),
                    local.home(), local.autoResolve(), Optional.empty(), Map.of());
            LocalRuntime runtime;
            try {
                runtime = LocalRuntime.start(config);
            } catch (LocalArtifact.ConfigRefusedException refused) {
                System.err.println(refused.getMessage());
                return 2;
            }
            try (runtime) {
                StormReport report = new StormHarness(URI.create("http://127.0.0.1:" + runtime.port()), runtime.alerts(),
                        slack, out).run(options);
                report.print(out);
                return report.passed() ? 0 : 1;
            }
        }
    }
}
