package io.klaxon.logging.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run in a fresh JVM by {@code bench/init-cost.sh}: the time from the first SLF4J call (provider
 * discovery and initialisation) to the first line written, which is what a logging provider adds to
 * a cold start. Whichever provider is on the class path is measured.
 */
public final class InitCostProbe {

    private InitCostProbe() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Logger log = LoggerFactory.getLogger(InitCostProbe.class);
        log.info("first line");
        long firstLine = System.nanoTime();
        log.info("second line");
        long secondLine = System.nanoTime();
        System.err.printf("INIT_COST provider=%s first_line_us=%d second_line_us=%d%n",
                LoggerFactory.getILoggerFactory().getClass().getName(),
                (firstLine - start) / 1000, (secondLine - firstLine) / 1000);
    }
}
