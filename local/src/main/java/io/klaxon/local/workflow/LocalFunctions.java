package io.klaxon.local.workflow;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.escalate.EscalateHandler;
import io.klaxon.interact.RecoveryService;
import io.klaxon.lifecycle.LifecycleHandler;
import io.klaxon.notify.NotifyHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * The template's Lambda functions, run in this JVM: each handler class the template names is bound
 * to the same handler (or the service behind it) the Lambda runtime would call.
 */
public final class LocalFunctions {

    private final Map<String, Function<byte[], Object>> byHandler;

    public LocalFunctions(ApplicationContext context, JsonMapper json) {
        var lifecycle = new LifecycleHandler(context);
        var notify = new NotifyHandler(context);
        var escalate = new EscalateHandler(context);
        var recovery = context.getBean(RecoveryService.class);
        this.byHandler = Map.of(
                "io.klaxon.lifecycle.LifecycleHandler", payload -> lifecycle.execute(read(json, payload, TaskRequest.class)),
                "io.klaxon.notify.NotifyHandler", payload -> notify.execute(read(json, payload, TaskRequest.class)),
                "io.klaxon.escalate.EscalateHandler", payload -> escalate.execute(read(json, payload, TaskRequest.class)),
                "io.klaxon.interact.RecoveryHandler", payload -> {
                    recovery.recover(read(json, payload, RecoveredEvent.class).detail());
                    return Map.of();
                });
    }

    public boolean runs(String handlerClass) {
        return byHandler.containsKey(handlerClass);
    }

    /** Invokes a handler with a JSON payload; exceptions propagate as the Lambda would report them. */
    public Object invoke(String handlerClass, byte[] payload) {
        Function<byte[], Object> fn = byHandler.get(handlerClass);
        if (fn == null) {
            throw new IllegalArgumentException("no local function runs " + handlerClass);
        }
        return fn.apply(payload);
    }

    private static <T> T read(JsonMapper json, byte[] payload, Class<T> type) {
        try {
            return json.readValue(payload, Argument.of(type));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the payload as " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The part of an EventBridge event the recovery function reads. */
    @io.micronaut.serde.annotation.Serdeable
    public record RecoveredEvent(AlertSignal detail) {
    }
}
