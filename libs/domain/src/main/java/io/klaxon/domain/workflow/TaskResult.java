package io.klaxon.domain.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What every workflow task returns.
 *
 * @param outcome  what the step did; the ASL's Choice states route on it
 *                 (open: {@code OPENED}, {@code REFIRED}, {@code UNCHANGED};
 *                 escalate: {@code ESCALATED}, {@code UNCHANGED}; others: {@code DONE})
 * @param event    the lifecycle event to publish next, or null when there is none
 * @param mentions who an escalation mentioned (empty otherwise)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskResult(String outcome, AlertRef alert, @Nullable LifecycleNotice event, List<String> mentions) {

    public TaskResult {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    public static TaskResult of(String outcome, AlertRef alert, @Nullable LifecycleNotice event) {
        return new TaskResult(outcome, alert, event, List.of());
    }
}
