package io.klaxon.config.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./klaxon config check [FILE]} and {@code ./klaxon oncall [--config FILE] [--at INSTANT] [SCHEDULE…]}:
 * plain Java over the file, no application context and no running stack.
 *
 * <p>Exit codes: 0 done, 2 the configuration or the command line is wrong (one line per problem on
 * stderr, never a stack trace).
 */
public final class Main {

    public static final int OK = 0;
    public static final int INVALID = 2;

    /** What a command needs from the outside world, so tests give it their own. */
    public record Console(PrintStream out, PrintStream err, Map<String, String> env, Path repositoryRoot, Clock clock) {
    }

    private Main() {
    }

    public static void main(String[] args) {
        String home = System.getenv("KLAXON_HOME");
        Console console = new Console(System.out, System.err, System.getenv(),
                Path.of(home == null || home.isBlank() ? "." : home), Clock.systemUTC());
        int code = run(console, Arrays.asList(args));
        System.out.flush();
        System.exit(code);
    }

    public static int run(Console console, List<String> args) {
        if (args.isEmpty()) {
            return usage(console);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "check" -> new CheckCommand(console).run(rest);
            case "oncall" -> new OncallCommand(console).run(rest);
            default -> usage(console);
        };
    }

    private static int usage(Console console) {
        console.err().println("usage: klaxon config check [FILE] | klaxon oncall [--config FILE] [--at INSTANT] [SCHEDULE…]");
        return INVALID;
    }
}
