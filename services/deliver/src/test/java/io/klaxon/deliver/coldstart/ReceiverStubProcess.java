package io.klaxon.deliver.coldstart;

import io.klaxon.snapstart.LoopbackServer;
import java.io.IOException;

/**
 * The receiving end of the deliver probe's PagerDuty destination, in a process of its own (PagerDuty is another
 * machine for the deployed function): answers every request as PagerDuty's Events API answers an accepted event.
 * {@code bench/cold-start.sh} starts it once, reads the URL it prints, and hands it to each {@link ColdStartProbe}
 * run ({@code pagerduty=URL}). Ends when its standard input closes. Not a test.
 */
public final class ReceiverStubProcess {

    /** PagerDuty's answer to an event it took (Events API v2, 202). */
    static final String ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"a1\"}";

    private ReceiverStubProcess() {
    }

    public static void main(String[] args) throws IOException {
        try (LoopbackServer receiver = LoopbackServer.answering(202, "application/json", ACCEPTED)) {
            System.out.println("RECEIVER_STUB " + receiver.url() + "v2/enqueue");
            System.out.flush();
            // Blocks until the script closes the pipe (or exits): the stub's life is the bench's.
            while (System.in.read() >= 0) {
                // nothing to read; only the end matters
            }
        }
        System.exit(0);
    }
}
