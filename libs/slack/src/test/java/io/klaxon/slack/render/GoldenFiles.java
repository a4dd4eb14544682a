package io.klaxon.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for what people see: the Block Kit JSON of a message, serialised by the Slack SDK's
 * own Gson configuration (what {@code chat.postMessage} sends), kept in
 * {@code src/test/resources/golden/}.
 *
 * <p>Regenerate after an intended change of the design, then review the diff like code:
 * <pre>./mvnw -B -q verify -pl libs/slack -am -Dgolden.update=true -Dtest=AlertMessageGoldenTest
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
public final class GoldenFiles {

    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");
    private static final Gson SLACK = GsonFactory.createSnakeCase();
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private GoldenFiles() {
    }

    /** The message as the fields of a {@code chat.postMessage} body. */
    public static JsonObject toJson(SlackMessage message) {
        JsonObject json = new JsonObject();
        json.addProperty("text", message.text());
        json.add("blocks", SLACK.toJsonTree(message.blocks()));
        json.add("attachments", SLACK.toJsonTree(message.attachments()));
        return json;
    }

    public static String pretty(JsonElement json) {
        return PRETTY.toJson(json) + "\n";
    }

    /**
     * @param name the file under {@code golden/}, without {@code .json}; may name a subfolder
     *             ({@code templates/compact-rds-unclaimed}), which other modules' tests use so their
     *             files never shadow these on a shared classpath
     */
    public static void assertMatches(String name, SlackMessage message) {
        String actual = pretty(toJson(message));
        if (UPDATE) {
            try {
                Path file = SOURCE_DIR.resolve(name + ".json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String expected = read(name);
        // Compare as JSON (key order and whitespace do not matter), show the difference as text.
        if (!JsonParser.parseString(expected).equals(JsonParser.parseString(actual))) {
            assertThat(actual).as("golden/%s.json (regenerate with -Dgolden.update=true)", name)
                    .isEqualTo(expected);
        }
    }

    private static String read(String name) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) {
                throw new AssertionError("missing golden/" + name + ".json: run with -Dgolden.update=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
