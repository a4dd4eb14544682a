package io.klaxon.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where an alert goes. Routes with a {@code match} are tried in file order and the first match wins;
 * an alert no pattern matches goes to the last route without one (the catch-all).
 *
 * @param match    an EventBridge event pattern over the "Alert Fired" event, as JSON; empty for a route
 *                 without one
 * @param template the message template's name ({@value MessageTemplate#DEFAULT} when the file names none)
 * @param storm    when the route enters storm mode ({@link Storm#DEFAULT} when the file says nothing)
 */
public record Route(String name, Optional<String> match, String channel, String policy, String template,
                    Storm storm) {

    public Route(String name, Optional<String> match, String channel, String policy, String template) {
        this(name, match, channel, policy, template, Storm.DEFAULT);
    }

    public Route {
        storm = storm == null ? Storm.DEFAULT : storm;
    }

    public boolean catchAll() {
        return match.isEmpty();
    }

    /**
     * Storm mode: more than {@code threshold} alerts opened on the route within {@code window} (ADR 0014).
     */
    public record Storm(int threshold, Duration window) {
        /** Issue 8's defaults: more than 10 in 60 s. */
        public static final Storm DEFAULT = new Storm(10, Duration.ofSeconds(60));
    }
}
