package io.klaxon.config.cli;

import io.klaxon.config.ConfigFile;
import io.klaxon.config.ConfigLocation;
import io.klaxon.config.InvalidConfigException;
import io.klaxon.config.KlaxonConfig;
import io.klaxon.config.Schedule;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./klaxon oncall [--config FILE] [--at INSTANT] [SCHEDULE…]}: one line per schedule,
 * {@code SCHEDULE USER_ID}, in the order named (all schedules, in file order, when none is named).
 * All or nothing: an unknown schedule or a bad argument prints nothing on stdout and exits 2.
 */
final class OncallCommand {

    private static final String USAGE = "usage: klaxon oncall [--config FILE] [--at ISO-8601-INSTANT] [SCHEDULE…]";
    private final Main.Console console;

    OncallCommand(Main.Console console) {
        this.console = console;
    }

    int run(List<String> args) {
        String file = null;
        Instant at = console.clock().instant();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--config", "--at" -> {
                    if (i + 1 >= args.size()) {
                        return usage(arg + " needs a value");
                    }
                    String value = args.get(++i);
                    if (arg.equals("--config")) {
                        file = value;
                    } else {
                        try {
                            at = Instant.parse(value);
                        } catch (DateTimeParseException e) {
                            return usage("--at: '" + value + "' is not an ISO-8601 instant such as 2026-03-29T01:30:00Z");
                        }
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        return usage("unknown option " + arg);
                    }
                    names.add(arg);
                }
            }
        }
        KlaxonConfig config;
        try {
            config = file != null ? ConfigFile.read(Path.of(file))
                    : ConfigLocation.resolve(console.env(), console.repositoryRoot()).load(console.env());
        } catch (InvalidConfigException e) {
            e.errors().forEach(console.err()::println);
            return Main.INVALID;
        } catch (IllegalArgumentException e) {
            console.err().println("klaxon: " + e.getMessage());
            return Main.INVALID;
        }
        List<String> unknown = names.stream().filter(n -> !config.schedules().containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            console.err().println("klaxon oncall: no schedule " + String.join(", ", unknown) + " in " + config.source()
                    + (config.schedules().isEmpty() ? " (it has no schedules)" : " (it has " + String.join(", ", config.schedules().keySet()) + ")"));
            return Main.INVALID;
        }
        if (config.schedules().isEmpty()) {
            console.err().println(config.source() + ": no schedules configured");
        }
        StringBuilder lines = new StringBuilder();
        for (String name : names.isEmpty() ? List.copyOf(config.schedules().keySet()) : names) {
            Schedule schedule = config.schedules().get(name);
            lines.append(name).append(' ').append(schedule.onCall(at)).append('\n');
        }
        console.out().print(lines);
        return Main.OK;
    }

    private int usage(String problem) {
        console.err().println("klaxon oncall: " + problem);
        console.err().println(USAGE);
        return Main.INVALID;
    }
}
