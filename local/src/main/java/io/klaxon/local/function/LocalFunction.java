package io.klaxon.local.function;

import io.klaxon.deliver.DeliverHandler;
import io.klaxon.deliver.LifecycleBusEvent;
import io.klaxon.domain.workflow.TaskRequest;
import io.klaxon.escalate.EscalateHandler;
import io.klaxon.ingest.IngestService;
import io.klaxon.ingest.RawInput;
import io.klaxon.interact.RecoveryHandler;
import io.klaxon.lifecycle.ExecutionStatusChange;
import io.klaxon.lifecycle.ReconcileHandler;
import io.klaxon.interact.SignalEvent;
import io.klaxon.interact.slack.SlackEndpoint;
import io.klaxon.lifecycle.LifecycleHandler;
import io.klaxon.local.LocalRuntime;
import io.klaxon.logging.LogContext;
import io.klaxon.local.template.FunctionView;
import io.klaxon.notify.NotifyHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.slf4j.MDC;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * One function of the template, running in this JVM in an application context of its own: the
 * beans of its deployment package only ({@link FunctionClassLoader}), the properties of its own
 * environment only ({@link LambdaEnvironment}, mapped to properties the way Micronaut maps
 * environment variables), its role checked on every AWS call ({@code LocalBeans}). The handler is
 * built when the function starts, so a function that cannot initialise — a variable missing from
 * the template, a secret it may not read — fails then, naming itself.
 */
public final class LocalFunction implements AutoCloseable {

    private final FunctionView view;
    private final ApplicationContext context;
    private final BiFunction<byte[], Instant, Object> invoker;

    private LocalFunction(FunctionView view, ApplicationContext context, BiFunction<byte[], Instant, Object> invoker) {
        this.view = view;
        this.context = context;
        this.invoker = invoker;
    }

    /**
     * @param taskRoot  the function's {@code LAMBDA_TASK_ROOT} (what {@code sam build} put beside its code)
     * @param plumbing  local settings with no AWS counterpart (the DynamoDB Local endpoint, the console
     *                  choice), as properties
     * @param shared    the runtime's objects the stand-ins use (bus, secrets, state machine)
     * @throws FunctionStartException naming the function and what it lacks
     */
    public static LocalFunction start(FunctionView view, ClassLoader loader, Path taskRoot, Map<String, Object> plumbing,
                                      Object... shared) {
        LambdaEnvironment environment = LambdaEnvironment.of(view, taskRoot);
        ApplicationContext context = null;
        try {
            Object[] singletons = new Object[shared.length + 2];
            singletons[0] = view;
            singletons[1] = environment;
            System.arraycopy(shared, 0, singletons, 2, shared.length);
            context = ApplicationContext.builder()
                    .classLoader(loader)
                    .environments(LocalRuntime.ENVIRONMENT)
                    .deduceEnvironment(false)
                    .environmentPropertySource(false)
                    .enableDefaultPropertySources(false)
                    .banner(false)
                    .propertySources(PropertySource.of(view.logicalId() + " environment",
                            new HashMap<>(environment.variables()), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                    .properties(plumbing)
                    .singletons(singletons)
                    .start();
            return new LocalFunction(view, context, bind(view, context));
        } catch (RuntimeException e) {
            if (context != null) {
                context.close();
            }
            throw new FunctionStartException(view, e);
        }
    }

    /**
     * The handler class the template names, bound the way the Lambda runtime would call it; the second argument is
     * the invocation's deadline (null when none), which notify reads where Lambda gives its Context.
     */
    private static BiFunction<byte[], Instant, Object> bind(FunctionView view, ApplicationContext context) {
        JsonMapper json = context.getBean(JsonMapper.class);
        return switch (view.handler()) {
            case "io.klaxon.lifecycle.LifecycleHandler" -> {
                var handler = new LifecycleHandler(context);
                yield (payload, deadline) -> handler.execute(read(json, payload, TaskRequest.class));
            }
            case "io.klaxon.lifecycle.ReconcileHandler" -> {
                var handler = new ReconcileHandler(context);
                yield (payload, deadline) -> handler.execute(read(json, payload, ExecutionStatusChange.class));
            }
            case "io.klaxon.notify.NotifyHandler" -> {
                var handler = new NotifyHandler(context);
                yield (payload, deadline) -> handler.execute(read(json, payload, TaskRequest.class), deadline);
            }
            case "io.klaxon.escalate.EscalateHandler" -> {
                var handler = new EscalateHandler(context);
                yield (payload, deadline) -> handler.execute(read(json, payload, TaskRequest.class));
            }
            case "io.klaxon.interact.RecoveryHandler" -> {
                var handler = new RecoveryHandler(context);
                yield (payload, deadline) -> handler.execute(read(json, payload, SignalEvent.class));
            }
            case "io.klaxon.ingest.IngestHandler" -> {
                var service = context.getBean(IngestService.class);
                // The bytes as the Lambda runtime hands them to IngestHandler, and its time left where there is a deadline.
                yield (payload, deadline) -> deadline == null ? service.ingest(RawInput.of(payload))
                        : service.ingest(RawInput.of(payload), Duration.between(Instant.now(), deadline));
            }
            case "io.klaxon.deliver.DeliverHandler" -> {
                var handler = new DeliverHandler(context);
                yield (payload, deadline) -> handler.execute(read(json, payload, LifecycleBusEvent.class));
            }
            case "io.klaxon.interact.InteractHandler" -> {
                context.getBean(SlackEndpoint.class);
                yield (payload, deadline) -> {
                    throw new UnsupportedOperationException(view.logicalId() + " answers Slack over HTTP (/slack/*), not invocations");
                };
            }
            default -> throw new IllegalStateException("the local runtime has no binding for handler " + view.handler());
        };
    }

    private static <T> T read(JsonMapper json, byte[] payload, Class<T> type) {
        try {
            return json.readValue(payload, Argument.of(type));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the payload as " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    public FunctionView view() {
        return view;
    }

    public String logicalId() {
        return view.logicalId();
    }

    /** Invokes the handler with a JSON payload; exceptions propagate as the Lambda would report them. */
    public Object invoke(byte[] payload) {
        try (var invocation = invocation()) {
            return invoker.apply(payload, null);
        }
    }

    /**
     * Invokes the handler as the workflow's {@code lambda:invoke} does, within the function's {@code Timeout}:
     * the handler is told its deadline, and past it the caller gets {@link FunctionTimeout.TimedOut}, as Step
     * Functions gets a timed-out function's failure.
     */
    public Object invokeWithinTimeout(byte[] payload) {
        return FunctionTimeout.run(view.functionName(), view.timeout(), deadline -> {
            try (var invocation = invocation()) {
                return invoker.apply(payload, deadline);
            }
        });
    }

    /**
     * Lambda gives each invocation a request id that every line it logs carries; so does the local
     * runtime, for invocations and for the HTTP doors that call a function's service directly. Closing
     * restores what the thread had before: here one function can be invoked while another runs (a
     * bus target inside a publish), and the caller's lines keep their own fields.
     */
    public static Invocation invocation() {
        Map<String, String> outer = MDC.getCopyOfContextMap();
        LogContext.begin(UUID.randomUUID().toString());
        return new Invocation(outer);
    }

    /** See {@link #invocation()}. */
    public record Invocation(Map<String, String> outer) implements AutoCloseable {
        @Override
        public void close() {
            if (outer == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(outer);
            }
        }
    }

    /** A bean of this function's context (the local runtime's HTTP doors call services directly). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    /** A function could not start; the message names it, its handler, and the first cause that says why. */
    public static final class FunctionStartException extends IllegalStateException {
        FunctionStartException(FunctionView view, Throwable cause) {
            super(view.logicalId() + " (" + view.handler() + ") cannot start: " + reason(cause), cause);
        }

        /** Micronaut's wrappers say where in the bean graph; the first cause outside them says why. */
        private static String reason(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (!c.getClass().getName().startsWith("io.micronaut.")) {
                    return c.getMessage();
                }
            }
            return String.valueOf(t.getMessage());
        }
    }
}
