package io.klaxon.config;

import java.util.Optional;

/**
 * Where an alert goes. Routes with a {@code match} are tried in file order and the first match wins;
 * an alert no pattern matches goes to the last route without one (the catch-all).
 *
 * @param match    an EventBridge event pattern over the "Alert Fired" event, as JSON; empty for a route
 *                 without one
 * @param template the message template's name ({@value MessageTemplate#DEFAULT} when the file names none)
 */
public record Route(String name, Optional<String> match, String channel, String policy, String template) {

    public boolean catchAll() {
        return match.isEmpty();
    }
}
