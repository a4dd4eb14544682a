package io.klaxon.domain.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;

/**
 * The little the workflow carries about an alert between steps: enough to route and to time its
 * waits. Everything else is read from the store by the step that needs it.
 *
 * @param snoozeSeconds seconds until a snooze ends (at least 1), 0 when not snoozed
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertRef(String alertId, long version, AlertState state, long claimTimeoutSeconds,
                       long remindAfterSeconds, long snoozeSeconds) {

    public static AlertRef of(Alert alert, Instant now) {
        long snooze = 0;
        if (alert.state() == AlertState.SNOOZED && alert.snoozedUntil() != null) {
            snooze = Math.max(1, Duration.between(now, alert.snoozedUntil()).toSeconds());
        }
        return new AlertRef(alert.alertId(), alert.version(), alert.state(),
                alert.policy().claimTimeoutAt(alert.escalationLevel()), Math.max(1, alert.policy().remindAfterSeconds()),
                snooze);
    }
}
