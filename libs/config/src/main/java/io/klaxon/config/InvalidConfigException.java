package io.klaxon.config;

import java.util.List;

/** The configuration cannot be used; every problem found, in file order. Never empty. */
public final class InvalidConfigException extends Exception {

    private final List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(errors.isEmpty() ? "invalid configuration" : errors.getFirst().toString()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
