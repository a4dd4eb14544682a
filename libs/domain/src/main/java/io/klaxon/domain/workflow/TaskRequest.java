package io.klaxon.domain.workflow;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.signal.AlertSignal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The payload every workflow task receives (the {@code Payload} of a {@code lambda:invoke} state in
 * {@code statemachines/alert-lifecycle.asl.json}). Which fields are set depends on {@code op}:
 * <ul>
 *   <li>lifecycle {@code open}: alertId (the execution name), signal</li>
 *   <li>lifecycle {@code await}: alertId, taskToken, awaiting (UNCLAIMED, CLAIMED or SNOOZED)</li>
 *   <li>lifecycle {@code wake}: alertId</li>
 *   <li>escalate {@code escalate}: alertId</li>
 *   <li>notify {@code post}, {@code update}, {@code escalation}, {@code remind}: alertId; update also
 *       event and actor (what just happened, for the thread reply and the lifecycle event)</li>
 * </ul>
 */
@Serdeable
public record TaskRequest(
        String op,
        String alertId,
        @Nullable AlertSignal signal,
        @Nullable String taskToken,
        @Nullable AlertState awaiting,
        @Nullable LifecycleEventType event,
        @Nullable Actor actor) {
}
