package io.klaxon.logging;

import org.slf4j.MDC;

/**
 * The fields every log line of an invocation carries: Lambda's request id, and the alert it is
 * about when the input names one. They live in the MDC of the invoking thread; only these keys are
 * ever written to a line, so nothing else put in the MDC can leak into the logs.
 *
 * <p>A handler marks its invocation; its close forgets every field, so the next invocation in the
 * same execution environment starts clean:
 * <pre>{@code
 * try (var log = LogContext.invocation().alertId(input.alertId())) {
 *     return service.handle(input);
 * }
 * }</pre>
 * The request id is set before the handler runs, by {@link #begin} from whatever sees Lambda's
 * {@code Context} (see {@code io.klaxon.logging.lambda.RequestIdPopulator}).
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String ALERT_ID = "alertId";
    public static final String ALERT_KEY = "alertKey";

    private LogContext() {
    }

    /** A new invocation starts: forget what the previous one left behind, record this one's request id. */
    public static void begin(String requestId) {
        MDC.clear();
        set(REQUEST_ID, requestId);
    }

    /** The invocation under way, for a handler to name its alert; closing it ends the invocation's fields. */
    public static Invocation invocation() {
        return new Invocation();
    }

    /**
     * Within an invocation, the lines about one alert (an interaction names its alert only once its
     * payload is decoded). Closing restores whatever alert id was there before.
     */
    public static Scope alertId(String alertId) {
        return Scope.of(ALERT_ID, alertId);
    }

    /** As {@link #alertId}, for the key of the underlying problem. */
    public static Scope alertKey(String alertKey) {
        return Scope.of(ALERT_KEY, alertKey);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** See {@link #invocation()}. */
    public static final class Invocation implements AutoCloseable {

        private Invocation() {
        }

        public Invocation alertId(String alertId) {
            set(ALERT_ID, alertId);
            return this;
        }

        public Invocation alertKey(String alertKey) {
            set(ALERT_KEY, alertKey);
            return this;
        }

        /** The invocation is over: no field outlives it. */
        @Override
        public void close() {
            MDC.clear();
        }
    }

    /** See {@link #alertId(String)}. */
    public static final class Scope implements AutoCloseable {
        private final String key;
        private final String previous;

        private Scope(String key, String previous) {
            this.key = key;
            this.previous = previous;
        }

        static Scope of(String key, String value) {
            Scope scope = new Scope(key, MDC.get(key));
            set(key, value);
            return scope;
        }

        @Override
        public void close() {
            set(key, previous);
        }
    }
}
