package io.klaxon.config.cli;

import io.klaxon.config.ConfigFile;
import io.klaxon.config.ConfigLocation;
import io.klaxon.config.InvalidConfigException;
import io.klaxon.config.KlaxonConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./klaxon config check [FILE]}: prints {@code ok}, or every problem as {@code FILE:LINE: what is
 * wrong} on stderr and exits 2. Without FILE it checks what {@code ./klaxon local} would use
 * ({@link ConfigLocation}).
 */
final class CheckCommand {

    private final Main.Console console;

    CheckCommand(Main.Console console) {
        this.console = console;
    }

    int run(List<String> args) {
        if (args.size() > 1 || (!args.isEmpty() && args.getFirst().startsWith("-"))) {
            console.err().println("usage: klaxon config check [FILE]");
            return Main.INVALID;
        }
        try {
            KlaxonConfig config = args.isEmpty()
                    ? ConfigLocation.resolve(console.env(), console.repositoryRoot()).load(console.env())
                    : ConfigFile.read(Path.of(args.getFirst()));
            console.out().println("ok");
            if (config.source().equals(KlaxonConfig.BUILT_IN)) {
                console.err().println("no configuration file (KLAXON_CONFIG unset, no klaxon.yaml): the built-in route 'default' applies");
            }
            return Main.OK;
        } catch (InvalidConfigException e) {
            e.errors().forEach(console.err()::println);
            return Main.INVALID;
        } catch (IllegalArgumentException e) {
            // The built-in configuration's environment variables (KLAXON_ESCALATE_AFTER_SECONDS, …).
            console.err().println("klaxon: " + e.getMessage());
            return Main.INVALID;
        }
    }
}
