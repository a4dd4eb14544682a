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

    /**
     * @param note an optional resolution note (plain text as written; channels escape it), told
     *             on the RESOLVED entry of the timeline and so in the thread; null or blank: none
     */
    record Resolve(Actor actor, @Nullable Long expectedVersion, @Nullable String note) implements Command {
        public Resolve(Actor actor, @Nullable Long expectedVersion) {
            this(actor, expectedVersion, null);
        }
    }

    record Unclaim(Actor actor, @Nullable Long expectedVersion) implements Command {
    }

    record Snooze(Actor actor, @Nullable Long expectedVersion, Duration duration) implements Command {
    }

    /**
     * Adds a note to the timeline (and so to the thread) without changing the state. The version
     * still moves on, so the workflow tells the note exactly once, like any change. It publishes no
     * lifecycle event: the bus contract v1 describes state changes, and a note is not one.
     *
     * @param text plain text as the person wrote it; channels escape it
     */
    record Note(Actor actor, @Nullable Long expectedVersion, String text) implements Command {
    }

    /**
     * Makes {@code owner} the owner: the alert becomes CLAIMED by them whoever owned it before (a
     * snooze ends). Published as "Alert Claimed", with the person who reassigned as its actor.
     */
    record Reassign(Actor actor, @Nullable Long expectedVersion, Actor owner) implements Command {
    }
}
