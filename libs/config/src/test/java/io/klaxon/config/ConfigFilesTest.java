package io.klaxon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The parser and {@code schemas/klaxon-config.v1.json} against the files in {@code config/good},
 * {@code config/bad} and {@code examples/}: good files pass both; each bad file gives exactly the
 * errors its header lists, and the schema refuses it whenever the header says a schema can tell.
 */
class ConfigFilesTest {

    private static final JsonSchema SCHEMA = schema();
    private static final Pattern EXPECTED_ERROR = Pattern.compile("^# error: (\\d+): (.*)$", Pattern.MULTILINE);
    private static final Pattern EXPECTED_SCHEMA = Pattern.compile("^# schema: (reject|accept|n/a)$", Pattern.MULTILINE);

    static Stream<Path> goodFiles() {
        return Stream.concat(files("config/good"), files("examples"));
    }

    static Stream<Path> badFiles() {
        return files("config/bad");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void goodFile_shouldPassTheParserAndTheSchema_whenChecked(Path file) throws Exception {
        // GIVEN a file that is right
        String text = Files.readString(file);
        // WHEN the parser reads it and the schema validates it
        KlaxonConfig config = ConfigParser.parse(file.getFileName().toString(), text);
        Set<ValidationMessage> schemaErrors = SCHEMA.validate(json(text));
        // THEN both accept it, and there is a catch-all route
        assertThat(schemaErrors).isEmpty();
        assertThat(config.routes()).isNotEmpty();
        assertThat(config.catchAll().match()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void flapWindow_shouldBeReadPerPolicy_andDefaultTo15Minutes_whenAbsent() throws Exception {
        // GIVEN a file whose default policy sets flapWindow: 10m and whose security policy does not
        Path file = files("config/good").filter(f -> f.getFileName().toString().equals("everything.yaml"))
                .findFirst().orElseThrow();
        // WHEN it is parsed
        KlaxonConfig config = ConfigParser.parse("everything.yaml", Files.readString(file));
        // THEN each policy has its window
        assertThat(config.policies().get("default").flapWindow()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(config.policies().get("security").flapWindow()).isEqualTo(Policy.DEFAULT_FLAP_WINDOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFile_shouldBeRefusedWithExactlyItsErrors_whenChecked(Path file) throws Exception {
        // GIVEN a file whose header lists what is wrong with it
        String text = Files.readString(file);
        String name = file.getFileName().toString();
        List<String[]> expected = EXPECTED_ERROR.matcher(text).results().map(m -> new String[] {m.group(1), m.group(2)}).toList();
        Matcher schemaVerdict = EXPECTED_SCHEMA.matcher(text);
        assertThat(expected).as("the header of %s lists its errors", name).isNotEmpty();
        assertThat(schemaVerdict.find()).as("the header of %s says what the schema makes of it", name).isTrue();

        // WHEN the parser reads it
        InvalidConfigException refused = catchThrowableOfType(InvalidConfigException.class,
                () -> ConfigParser.parse(name, text));

        // THEN it reports every listed error, one line each, in order, and nothing else
        assertThat(refused).as("%s is refused", name).isNotNull();
        List<String> lines = refused.errors().stream().map(ConfigError::toString).toList();
        assertThat(lines).as("errors of %s", name).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(lines.get(i)).startsWith(name + ":" + expected.get(i)[0] + ": ").contains(expected.get(i)[1])
                    .doesNotContain("\n");
        }
        // AND the schema agrees wherever a schema can tell
        switch (schemaVerdict.group(1)) {
            case "reject" -> assertThat(SCHEMA.validate(json(text))).as("schema errors for %s", name).isNotEmpty();
            case "accept" -> assertThat(SCHEMA.validate(json(text))).as("schema errors for %s", name).isEmpty();
            default -> assertThatThrownBy(() -> json(text)).as("%s is not YAML", name).isNotNull();
        }
    }

    /** The file as the schema sees it: the same node tree the parser reads, as JSON. */
    private static JsonNode json(String yaml) throws YamlJson.NotJsonException {
        var node = new Yaml().compose(new StringReader(yaml));
        if (node == null) {
            throw new IllegalArgumentException("empty");
        }
        return YamlJson.toJson(node);
    }

    private static JsonSchema schema() {
        try (InputStream in = ConfigFilesTest.class.getResourceAsStream("/schemas/klaxon-config.v1.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> files(String dir) {
        try {
            Path root = Path.of(ConfigFilesTest.class.getResource("/" + dir).toURI());
            try (Stream<Path> list = Files.list(root)) {
                return list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
