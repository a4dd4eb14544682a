package io.klaxon.config;

/**
 * One thing wrong with a configuration file, printed as one line: {@code FILE:LINE: what is wrong}
 * (the form compilers use, so editors and CI annotate the line).
 *
 * @param line 1-based
 */
public record ConfigError(String file, int line, String message) implements Comparable<ConfigError> {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }

    @Override
    public int compareTo(ConfigError other) {
        return Integer.compare(line, other.line);
    }
}
