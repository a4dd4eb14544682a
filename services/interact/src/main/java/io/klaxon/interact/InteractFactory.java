package io.klaxon.interact;

import io.klaxon.interact.slack.RequestVerifier;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the beans of the interact function that need settings. */
@Factory
public class InteractFactory {

    /**
     * @param signingSecret the Slack app's signing secret: property {@code slack.signing-secret}, which
     *                      Micronaut also reads from the environment variable {@code SLACK_SIGNING_SECRET}.
     *                      Missing → every request is refused with 401 and an error log.
     * @param clock         a clock bean when the application defines one (tests fix it), else UTC
     */
    @Singleton
    RequestVerifier requestVerifier(@Nullable @Value("${slack.signing-secret:}") String signingSecret,
                                    @Nullable Clock clock) {
        return new RequestVerifier(signingSecret, clock == null ? Clock.systemUTC() : clock);
    }
}
