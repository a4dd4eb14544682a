package io.klaxon.domain.lifecycle;

import io.klaxon.domain.alert.Actor;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * Something a person (or an API caller) asks of an alert. Channels translate their input into a
 * command; {@link Lifecycle} decides what it does.
 *
 * <p>{@code expectedVersion} is the alert version the actor saw (a Slack button carries it). A
 * command with an expected version never wins against a newer alert; a command without one (a slash
 * command typed by hand) applies to the current version.
 */
public sealed interface Command {

    Actor actor();

    @Nullable
    Long expectedVersion();

    record Claim(Actor actor, @Nullable Long expectedVersion) implements Command {
    }

    record Resolve(Actor actor, @Nullable Long expectedVersion) implements Command {
    }

    record Unclaim(Actor actor, @Nullable Long expectedVersion) implements Command {
    }

    record Snooze(Actor actor, @Nullable Long expectedVersion, Duration duration) implements Command {
    }
}
