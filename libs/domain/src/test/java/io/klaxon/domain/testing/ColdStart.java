package io.klaxon.domain.testing;

import java.lang.management.ManagementFactory;

/**
 * The measuring half of every function's cold-start probe (a {@code coldstart.ColdStartProbe} main
 * class in each service's test sources, run by {@code bench/cold-start.sh}): Lambda's init (the
 * probe's context and handler), then the first invocation as the runtime drives it (input JSON in,
 * reply JSON out), then one line {@code COLD_START …} with the times seen from inside the JVM. The
 * script takes the wall time from outside, from just before exec to that line.
 */
public final class ColdStart {

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

    private ColdStart() {
    }

    /** Runs init and the first invocation, prints the {@code COLD_START} line; fails on an empty reply. */
    public static void measure(String function, String variant, Init init) throws Exception {
        long mainAt = System.nanoTime();
        long jvmToMainMs = ManagementFactory.getRuntimeMXBean().getUptime();
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
        if (reply == null || reply.isBlank()) {
            System.err.println(function + ": the probe's first invocation answered nothing");
            System.exit(1);
        }
        System.out.printf("COLD_START function=%s jvm_to_main_ms=%d init_ms=%d first_request_ms=%d variant=%s%n",
                function, jvmToMainMs, (initDoneAt - mainAt) / 1_000_000, (replyAt - initDoneAt) / 1_000_000, variant);
        System.out.flush();
        // One process per measurement: stubs and SDK threads must not keep it alive after the line.
        System.exit(0);
    }

    /** {@code primed} when the probe's arguments ask for the SnapStart priming before the request. */
    public static boolean primed(String[] args) {
        return java.util.Arrays.asList(args).contains("primed");
    }
}
