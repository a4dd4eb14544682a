package io.klaxon.domain.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/**
 * The operations the workflow asks of its Lambda functions (the {@code op} of a task payload in
 * {@code statemachines/alert-lifecycle.asl.json}), with the function that serves each.
 */
@Serdeable
public enum TaskOp {
    /** lifecycle: open an occurrence for a FIRING signal, or count a refire. */
    OPEN(Function.LIFECYCLE),
    /** lifecycle: park the callback token while the alert stays in the awaited state. */
    AWAIT(Function.LIFECYCLE),
    /** lifecycle: a snooze ran out. */
    WAKE(Function.LIFECYCLE),
    /** escalate: the claim timer ran out. */
    ESCALATE(Function.ESCALATE),
    /** notify: post the occurrence's message and the OPENED thread reply. */
    POST(Function.NOTIFY),
    /** notify: re-render the message; with a change, its thread reply and event. */
    UPDATE(Function.NOTIFY),
    /**
     * notify: like {@link #UPDATE} for a change no waiting workflow took, in an announcement
     * execution of its own; never posts the message.
     */
    ANNOUNCE(Function.NOTIFY),
    /** notify: re-render and mention the escalation level's people in the thread. */
    ESCALATION(Function.NOTIFY),
    /** notify: remind the owner in the thread. */
    REMIND(Function.NOTIFY),
    /**
     * notify: tell one person something only they see (why their click lost), through the click's
     * {@code response_url} or an ephemeral message, in a {@code tell} execution of its own.
     */
    TELL(Function.NOTIFY),
    /**
     * lifecycle: after telling a change, become the alert's workflow if its recorded one is no
     * longer live and the alert is open (ADR 0010).
     */
    ADOPT(Function.LIFECYCLE),
    /**
     * lifecycle: the workflow read its alert RESOLVED and is about to end: release the alert, or carry
     * on when a reopening made it open again meanwhile (ADR 0010, "Handover").
     */
    FINISH(Function.LIFECYCLE);

    /** The function of the template that serves an op. */
    public enum Function { LIFECYCLE, NOTIFY, ESCALATE }

    private final Function function;

    TaskOp(Function function) {
        this.function = function;
    }

    public Function function() {
        return function;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskOp fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
