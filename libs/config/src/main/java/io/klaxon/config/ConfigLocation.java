package io.klaxon.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which configuration applies: the file {@code KLAXON_CONFIG} names; else {@code klaxon.yaml} at the
 * repository root if there is one; else the built-in single route. A named file that does not exist
 * is an error, never a silent fall-back to the built-in.
 *
 * @param file empty for the built-in configuration
 */
public record ConfigLocation(Optional<Path> file) {

    public static final String VARIABLE = "KLAXON_CONFIG";
    public static final String DEFAULT_FILE = "klaxon.yaml";
    /** Where Lambda unpacks a function's code: the build copies the file to its root (ADR 0011). */
    public static final String TASK_ROOT = "LAMBDA_TASK_ROOT";

    /**
     * The configuration a function runs with: {@code $LAMBDA_TASK_ROOT/klaxon.yaml} when the build
     * put one there, else the built-in one (from the function's environment).
     */
    /**
     * Loads the configuration a function starts with ({@link #ofFunction}, else the built-in one from
     * {@code env}). An invalid file must stop the function's start, so it is an unchecked error.
     */
    public static KlaxonConfig loadForFunction(Map<String, String> env) {
        try {
            return ofFunction(env).load(env);
        } catch (InvalidConfigException e) {
            throw new IllegalStateException("the configuration is invalid: " + e.getMessage(), e);
        }
    }

    /** {@link #loadForFunction(Map)} for a function that needs only the file (no built-in defaults). */
    public static KlaxonConfig loadForFunction(Function<String, String> env) {
        String root = env.apply(TASK_ROOT);
        return loadForFunction(root == null ? Map.of() : Map.of(TASK_ROOT, root));
    }

    public static ConfigLocation ofFunction(Map<String, String> env) {
        String root = env.get(TASK_ROOT);
        if (root == null || root.isBlank()) {
            return new ConfigLocation(Optional.empty());
        }
        Path file = Path.of(root).resolve(DEFAULT_FILE);
        return new ConfigLocation(Files.isRegularFile(file) ? Optional.of(file) : Optional.empty());
    }

    public static ConfigLocation resolve(Map<String, String> env, Path repositoryRoot) {
        String named = env.get(VARIABLE);
        if (named != null && !named.isBlank()) {
            return new ConfigLocation(Optional.of(repositoryRoot.resolve(named.trim())));
        }
        Path atRoot = repositoryRoot.resolve(DEFAULT_FILE);
        return new ConfigLocation(Files.isRegularFile(atRoot) ? Optional.of(atRoot) : Optional.empty());
    }

    /** The configuration, read and validated; the built-in one (from {@code env}) when there is no file. */
    public KlaxonConfig load(Map<String, String> env) throws InvalidConfigException {
        return file.isPresent() ? ConfigFile.read(file.get()) : BuiltInConfig.fromEnvironment(env);
    }
}
