package io.klaxon.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.ingest.NormalizeResult;
import io.klaxon.ingest.Normalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Sample payloads from {@code src/test/resources/samples} (provenance in its README.md), as the runtime would read them. */
public final class Samples {

    /** The time of receipt the tests pass in; far from every sample's own times, so a fallback is obvious. */
    public static final Instant RECEIVED = Instant.parse("2030-01-01T00:00:00Z");

    private static final Normalizer NORMALIZER = new Normalizer();

    private Samples() {
    }

    /** The raw text of a resource under {@code samples/} (or any other classpath path starting with {@code /}). */
    public static String read(String path) {
        String resource = path.startsWith("/") ? path : "/samples/" + path;
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sample's path under {@code samples/} (the READMEs left out), sorted: what {@link #read} takes. */
    public static List<String> paths() {
        try {
            Path root = Path.of(Samples.class.getResource("/samples").toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md"))
                        .map(f -> root.relativize(f).toString().replace('\\', '/')).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static NormalizeResult normalize(String path) {
        return NORMALIZER.normalize(read(path), RECEIVED);
    }

    /** The one signal a sample must yield. */
    public static AlertSignal only(String path) {
        NormalizeResult result = normalize(path);
        assertThat(result.signals()).as("signals of %s", path).hasSize(1);
        assertThat(result.ignored()).as("ignored items of %s", path).isEmpty();
        return result.signals().getFirst();
    }
}
