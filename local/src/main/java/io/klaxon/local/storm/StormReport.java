package io.klaxon.local.storm;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one storm run (issue 8): Slack calls per alert, 429s, calls inside a Retry-After,
 * alerts lost and doubled, how long until every message showed its final state, and peak memory.
 *
 * @param alerts              alarms sent (with the flapping one)
 * @param sends               HTTP deliveries to Klaxon (duplicates and recoveries included)
 * @param sendRetries         deliveries Klaxon answered busy (503) and that were sent again, as SNS would
 * @param sendFailures        deliveries that never got a 2xx
 * @param slackCalls          every call that reached Slack, 429s included
 * @param posts               chat.postMessage calls Slack took (top-level and thread replies)
 * @param topLevelPosts       top-level messages in the channel
 * @param updates             chat.update calls Slack took
 * @param unchangedUpdates    of those, the ones that left the message as it was: a retried step (its thread line
 *                            paced, say) rendering again what its earlier attempt showed
 * @param maxPostsPerAlert    the most own top-level messages one alert key got
 * @param maxUpdatesPerAlertMessage the most edits that changed one alert's own message (the target is at most 3),
 *                            the flapping alarm's apart
 * @param rateLimited         429 answers
 * @param early               calls that arrived for a (method, channel) before a Retry-After given for it expired
 * @param lost                alert keys with no alert, or no message and no storm message listing them
 * @param doubled             alert keys with more than one own top-level message, and storm messages that
 *                            show more alerts than alarms tied to them (an alarm doubled inside the storm), storms
 *                            posted more than once, and thread lines posted twice (one change told twice)
 * @param notFinal            alert keys whose message did not show their final state by the deadline
 * @param inStorm             alerts listed in a storm message
 * @param caughtUp            from the last send until every alert showed its final state; null: not by the deadline
 * @param peakRssBytes        the JVM's peak resident set (VmHWM; the Node runner not included); -1 if unknown
 * @param peakHeapBytes       the sum of the heap pools' peaks
 * @param loadBefore          the machine's 1-minute load average at the start, as /proc/loadavg gives it
 * @param loadAfter           the same at the end
 * @param callsByMethod       every call that reached Slack, per method, 429s included
 * @param lostButOpen         of the lost, those whose alert is open in the store: at the deadline, still
 *                            waiting for their message rather than dropped
 * @param maxUpdatesPerStormMessage the most edits one storm message got (it shows many alerts' changes)
 * @param flappingMessageUpdates the edits of the flapping alarm's message (one per flip it shows)
 * @param slackFaults         the calls Slack failed on purpose ({@code --slack-faults}), per fault
 * @param miscountedStorms    storm messages whose counts by state are not the store's, with both counts
 */
public record StormReport(String command, int alerts, int sends, int sendRetries, int sendFailures, int slackCalls,
                          int posts, int topLevelPosts, int updates, int unchangedUpdates, int maxPostsPerAlert,
                          int maxUpdatesPerAlertMessage,
                          int rateLimited, int early, List<String> lost, List<String> doubled, List<String> notFinal,
                          int inStorm, Duration sending, Duration caughtUp, long peakRssBytes, long peakHeapBytes,
                          String loadBefore, String loadAfter, Map<String, Long> callsByMethod,
                          int lostButOpen, int maxUpdatesPerStormMessage, int flappingMessageUpdates,
                          Map<LimitedSlack.Fault, Long> slackFaults, List<String> miscountedStorms) {

    public StormReport {
        lost = List.copyOf(lost);
        doubled = List.copyOf(doubled);
        notFinal = List.copyOf(notFinal);
        callsByMethod = Map.copyOf(callsByMethod);
        slackFaults = Map.copyOf(slackFaults);
        miscountedStorms = List.copyOf(miscountedStorms);
    }

    /** The correctness targets: nothing lost, nothing doubled, nothing sent inside a Retry-After. */
    public boolean passed() {
        return lost.isEmpty() && doubled.isEmpty() && early == 0;
    }

    public void print(PrintStream out) {
        out.println("Storm: " + command);
        out.printf(Locale.ROOT, "  alerts %d, deliveries %d (re-sent after 503: %d, never taken: %d), sent over %.1f s%n",
                alerts, sends, sendRetries, sendFailures, sending.toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  Slack calls %d: posts %d (top-level %d), updates %d (%d of them changed nothing); per alert:"
                + " %.2f posts, %.2f updates%n", slackCalls, posts, topLevelPosts, updates, unchangedUpdates,
                posts / (double) alerts, updates / (double) alerts);
        out.println("  calls by method " + new TreeMap<>(callsByMethod));
        out.printf(Locale.ROOT, "  most top-level posts for one alert %d, most updates of an alert's own message %d"
                + " (the flapping alarm's: %d); alerts in a storm message %d, most updates of a storm message %d%n",
                maxPostsPerAlert, maxUpdatesPerAlertMessage, flappingMessageUpdates, inStorm, maxUpdatesPerStormMessage);
        out.printf(Locale.ROOT, "  429s received %d, calls before a Retry-After expired %d%n", rateLimited, early);
        if (!slackFaults.isEmpty()) {
            out.println("  Slack faults played " + new TreeMap<>(slackFaults));
        }
        if (lostButOpen > 0) {
            out.printf(Locale.ROOT, "  of the lost, %d are open in the store without a message yet%n", lostButOpen);
        }
        out.printf(Locale.ROOT, "  lost %d%s, doubled %d%s, not in final state %d%s%n", lost.size(), sample(lost),
                doubled.size(), sample(doubled), notFinal.size(), sample(notFinal));
        miscountedStorms.forEach(m -> out.println("  storm message not in its final state: " + m));
        out.println("  every alert in its final state " + (caughtUp == null ? "NOT reached by the deadline"
                : String.format(Locale.ROOT, "%.1f s after the last send", caughtUp.toMillis() / 1000.0)));
        out.printf(Locale.ROOT, "  peak memory: RSS %s, heap %s (this JVM; the Node runner apart)%n",
                mib(peakRssBytes), mib(peakHeapBytes));
        out.println("  load average (1 min) " + loadBefore + " at start, " + loadAfter + " at end");
        out.println(passed() ? "PASS: 0 lost, 0 doubled, 0 calls inside a Retry-After"
                : "FAIL: the targets are 0 lost, 0 doubled, 0 calls inside a Retry-After");
    }

    private static String sample(List<String> keys) {
        if (keys.isEmpty()) {
            return "";
        }
        List<String> names = keys.stream().map(k -> k.substring(k.lastIndexOf(':') + 1)).limit(5).toList();
        return " " + names + (keys.size() > 5 ? "…" : "");
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
