package io.klaxon.local;

import io.klaxon.config.ConfigFile;
import io.klaxon.config.DestinationSpec;
import io.klaxon.config.InvalidConfigException;
import io.klaxon.config.KlaxonConfig;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code sam build} and {@code sam deploy} would give the functions beside their code: the
 * configuration file, checked and copied to the root of the package ({@code LAMBDA_TASK_ROOT}, ADR
 * 0011), and the destination-secrets secret, filled here from the placeholders' values in the
 * process environment.
 *
 * @param root               the functions' {@code LAMBDA_TASK_ROOT}
 * @param destinationSecrets the secret's JSON ({@code {"VAR": "value", …}}; {@code {}} when no
 *                           destination has a placeholder)
 */
public record LocalArtifact(Path root, String destinationSecrets) {

    private static final Pattern PLACEHOLDER = Pattern.compile(DestinationSpec.PLACEHOLDER);

    /** The configuration file was refused: its {@code FILE:LINE: …} lines, as {@code ./klaxon config check} prints them. */
    public static final class ConfigRefusedException extends IllegalStateException {
        public ConfigRefusedException(InvalidConfigException cause) {
            super(String.join("\n", cause.errors().stream().map(Object::toString).toList()), cause);
        }
    }

    static LocalArtifact build(LocalConfig config, JsonMapper json) throws IOException {
        Path root = Files.createTempDirectory("klaxon-local-package");
        root.toFile().deleteOnExit();
        if (config.configFile().isEmpty()) {
            return new LocalArtifact(root, "{}");
        }
        Path file = config.configFile().get();
        KlaxonConfig parsed;
        try {
            parsed = ConfigFile.read(file);
        } catch (InvalidConfigException e) {
            throw new ConfigRefusedException(e);
        }
        Path copy = root.resolve("klaxon.yaml");
        Files.copy(file, copy);
        copy.toFile().deleteOnExit();
        TreeSet<String> variables = new TreeSet<>();
        parsed.destinations().stream()
                .flatMap(d -> Stream.concat(Stream.of(d.url(), d.secret(), d.routingKey()), d.to().stream()))
                .filter(Objects::nonNull)
                .forEach(value -> {
                    Matcher m = PLACEHOLDER.matcher(value);
                    while (m.find()) {
                        variables.add(m.group(1));
                    }
                });
        TreeMap<String, String> values = new TreeMap<>();
        // A variable the environment lacks stays out: the deliver function then refuses to start, naming it.
        variables.forEach(v -> {
            String value = config.placeholderValues().get(v);
            if (value != null) {
                values.put(v, value);
            }
        });
        return new LocalArtifact(root, json.writeValueAsString(values));
    }
}
