package io.klaxon.domain.testing;

import io.klaxon.domain.service.AlertService;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The measuring half of every function's cold-start probe (a {@code coldstart.ColdStartProbe} main
 * class in each service's test sources, run by {@code bench/cold-start.sh}): Lambda's init (the
 * probe's context and handler), then the first invocation as the runtime drives it (input JSON in,
 * reply JSON out), then one line {@code COLD_START …} with the times seen from inside the JVM. The
 * script takes the wall time from outside, from just before exec to that line. And what the probes
 * of the workflow's task functions give their bean graph alike: {@link ProbeAlerts}.
 */
public final class ColdStart {

    /** The system property through which {@code bench/cold-start.sh} gives its exec stamp (µs since the epoch). */
    public static final String EXEC_STAMP = "klaxon.bench.exec-us";

    /** The start of the line after {@code COLD_START} that carries the first invocation's reply JSON. */
    public static final String REPLY = "COLD_START_REPLY ";

    /** Lambda's init: builds what the function builds and returns its first invocation. */
    @FunctionalInterface
    public interface Init {
        Invocation start() throws Exception;
    }

    /** One invocation as the runtime drives it; answers the reply JSON. */
    @FunctionalInterface
    public interface Invocation {
        String invoke() throws Exception;
    }

    /** Lambda's init, told whether the probe's arguments ask for the SnapStart priming before the request. */
    @FunctionalInterface
    public interface PrimableInit {
        Invocation start(boolean primed) throws Exception;
    }

    /**
     * The alert service a probe's bean graph gets instead of DynamoDB: an in-memory store whose clock
     * stands an hour after {@link Fixtures#T0}, when the fixtures' alarm fired.
     */
    public record ProbeAlerts(Clock clock, AlertService alerts) {

        /** An empty store. */
        public static ProbeAlerts inMemory() {
            Clock clock = Clock.fixed(Fixtures.T0.plusSeconds(3600), ZoneOffset.UTC);
            return new ProbeAlerts(clock, new AlertService(new InMemoryAlertStore(), clock));
        }

        /** Opens alert {@code a1} from the fixtures' firing signal, for a task that acts on an open alert. */
        public ProbeAlerts withOpenAlert() {
            alerts.open("a1", Fixtures.firing("signal-a1", Fixtures.T0), Fixtures.policy());
            return this;
        }
    }

    private ColdStart() {
    }

    /** {@link #measure(String, String, Init)} with the variant the arguments name: {@code primed} or {@code ports-in-memory}. */
    public static void measure(String function, String[] args, PrimableInit init) throws Exception {
        boolean primed = primed(args);
        measure(function, primed ? "primed" : "ports-in-memory", () -> init.start(primed));
    }

    /** Runs init and the first invocation, prints the {@code COLD_START} line; fails on an empty reply. */
    public static void measure(String function, String variant, Init init) throws Exception {
        long mainAt = System.nanoTime();
        Instant mainAtWall = Instant.now();
        long initDoneAt;
        String reply;
        try {
            Invocation first = init.start();
            initDoneAt = System.nanoTime();
            reply = first.invoke();
        } catch (Exception | Error failed) {
            // A failed probe must end its process too (stubs and SDK threads would keep it alive, and the
            // bench script would wait forever): say why, and exit non-zero without a COLD_START line.
            failed.printStackTrace();
            System.exit(1);
            return;
        }
        long replyAt = System.nanoTime();
        long jvmToMainMs = jvmToMainMs(mainAtWall, mainAt);
        if (reply == null || reply.isBlank()) {
            System.err.println(function + ": the probe's first invocation answered nothing");
            System.exit(1);
        }
        System.out.printf("COLD_START function=%s jvm_to_main_ms=%d init_ms=%d first_request_ms=%d variant=%s%n",
                function, jvmToMainMs, (initDoneAt - mainAt) / 1_000_000, (replyAt - initDoneAt) / 1_000_000, variant);
        // After the timed line (the bench stamps its arrival): what the invocation answered, for PackagedFunction.
        System.out.println(REPLY + reply.replace('\n', ' '));
        System.out.flush();
        // One process per measurement: stubs and SDK threads must not keep it alive after the line.
        System.exit(0);
    }

    /**
     * From the bench's stamp just before exec (system property {@value #EXEC_STAMP}, microseconds since the
     * epoch) when it gives one. Otherwise from the JVM's uptime, asked for only after the reply: the
     * management beans load ~45 classes (~10 ms in a cold JVM) that no function loads, and asked for at
     * {@code main} they were counted in every probe's init.
     */
    private static long jvmToMainMs(Instant mainAtWall, long mainAt) {
        String exec = System.getProperty(EXEC_STAMP);
        if (exec != null) {
            Instant execAt = Instant.EPOCH.plus(Long.parseLong(exec), ChronoUnit.MICROS);
            return Duration.between(execAt, mainAtWall).toMillis();
        }
        return ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - mainAt) / 1_000_000;
    }

    /** {@code primed} when the probe's arguments ask for the SnapStart priming before the request. */
    public static boolean primed(String[] args) {
        return java.util.Arrays.asList(args).contains("primed");
    }
}
