package io.klaxon.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads a configuration file: strict UTF-8, at most {@link #MAX_BYTES}; a file that cannot be read is one error on line 1. */
public final class ConfigFile {

    /** Far above any real configuration; keeps a wrong path (a log, a binary) from being read whole. */
    public static final long MAX_BYTES = 1 << 20;

    private ConfigFile() {
    }

    public static KlaxonConfig read(Path path) throws InvalidConfigException {
        String name = path.toString();
        String text;
        try {
            if (Files.isDirectory(path)) {
                throw fail(name, "is a directory, not a configuration file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw fail(name, "larger than " + MAX_BYTES + " bytes: not a configuration file");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw fail(name, "not UTF-8 text");
        } catch (NoSuchFileException e) {
            throw fail(name, "no such file");
        } catch (AccessDeniedException e) {
            throw fail(name, "cannot read the file: permission denied");
        } catch (IOException e) {
            throw fail(name, "cannot read the file: " + e.getMessage());
        }
        return ConfigParser.parse(name, text);
    }

    private static InvalidConfigException fail(String file, String message) {
        return new InvalidConfigException(List.of(new ConfigError(file, 1, message)));
    }
}
