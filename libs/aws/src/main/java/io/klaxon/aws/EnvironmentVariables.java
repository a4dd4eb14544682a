package io.klaxon.aws;

import io.micronaut.core.annotation.Nullable;

/**
 * The process environment as the function sees it. In Lambda that is {@code System.getenv}; the
 * local runtime runs several functions in one JVM and gives each the environment the template
 * declares for it, so code that reads a variable directly (rather than through a Micronaut
 * property) must read it through this bean.
 */
@FunctionalInterface
public interface EnvironmentVariables {

    /** The variable's value, or null when it is not set. */
    @Nullable
    String get(String name);
}
