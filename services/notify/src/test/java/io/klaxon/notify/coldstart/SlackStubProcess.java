package io.klaxon.notify.coldstart;

import io.klaxon.slack.testing.SlackStubServer;
import java.io.IOException;

/**
 * The Slack stub of the notify probe in a process of its own, as Slack is another machine for the
 * deployed function: {@code bench/cold-start.sh} starts it once, reads the URL it prints, and hands it to
 * each {@link ColdStartProbe} run ({@code slack=URL}), so a probe's JVM loads and runs only what the
 * function does (the stub's HTTP server, its JSON parsing and answers are not the function's work).
 * Ends when its standard input closes. Not a test.
 */
public final class SlackStubProcess {

    private SlackStubProcess() {
    }

    public static void main(String[] args) throws IOException {
        try (SlackStubServer slack = SlackStubServer.start(null)) {
            System.out.println("SLACK_STUB " + slack.url());
            System.out.flush();
            // Blocks until the script closes the pipe (or exits): the stub's life is the bench's.
            while (System.in.read() >= 0) {
                // nothing to read; only the end matters
            }
        }
        System.exit(0);
    }
}
