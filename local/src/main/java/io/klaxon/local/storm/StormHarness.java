package io.klaxon.local.storm;

import io.klaxon.domain.port.AlertStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drives a running local Klaxon through a storm: sends the {@link StormPlan}'s alarms to its /sns and
 * /events doors, waits until every alert's message shows its final state in the {@link LimitedSlack}
 * (or the deadline), and reports the figures. It talks to Klaxon only over HTTP, and reads the store
 * only to tell whether an alert exists and is open.
 */
public final class StormHarness {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final String FLAPPING = "flapping";
    private static final Duration GATE_POLL = Duration.ofSeconds(1);
    private static final int SEND_ATTEMPTS = 10;

    private final URI klaxon;
    private final AlertStore store;
    private final LimitedSlack slack;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<Instant> lastSend = new AtomicReference<>(Instant.EPOCH);

    /**
     * @param klaxon   the local runtime's public base URL (http://127.0.0.1:PORT)
     * @param store    the runtime's alert store
     * @param progress where a line of progress goes every few seconds
     */
    public StormHarness(URI klaxon, AlertStore store, LimitedSlack slack, PrintStream progress) {
        this.klaxon = klaxon;
        this.store = store;
        this.slack = slack;
        this.progress = progress;
    }

    public StormReport run(StormOptions options) throws InterruptedException {
        String loadBefore = loadAverage();
        Instant start = Instant.now();
        StormPlan plan = StormPlan.of(options, start);
        progress.printf("storm: %d alarms, %d deliveries over %s s%n", plan.scripts().size(), plan.sendCount(),
                options.seconds());
        Instant giveUp = start.plusMillis(Math.round(options.seconds() * 1000)).plus(options.deadline());
        List<Thread> senders = new ArrayList<>();
        for (StormPlan.Script script : plan.scripts()) {
            senders.add(Thread.ofVirtual().name("storm-" + script.alarmName()).start(() -> play(script, start, giveUp)));
        }
        AlertAccounting accounting = new AlertAccounting(store);
        Map<String, AlertAccounting.Verdict> verdicts = Map.of();
        Instant caughtUpAt = null;
        Instant nextProgress = Instant.now();
        while (Instant.now().isBefore(giveUp)) {
            boolean sending = senders.stream().anyMatch(Thread::isAlive);
            verdicts = accounting.judge(plan.scripts(), slack.messages(), false);
            long done = verdicts.values().stream().filter(v -> v.showsFinal() && !v.lost()).count();
            if (Instant.now().isAfter(nextProgress)) {
                progress.printf("storm: %.0f s, %d deliveries, %d/%d alerts final, %d Slack calls, %d 429s%n",
                        Duration.between(start, Instant.now()).toMillis() / 1000.0, sends.get(), done, verdicts.size(),
                        slack.calls().size(), slack.calls().stream().filter(c -> c.status() == 429).count());
                nextProgress = Instant.now().plusSeconds(5);
            }
            if (!sending && done == verdicts.size()) {
                Instant seen = Instant.now();
                verdicts = accounting.judge(plan.scripts(), slack.messages(), true);
                if (verdicts.values().stream().allMatch(v -> v.showsFinal() && !v.lost())) {
                    caughtUpAt = seen;
                    break;
                }
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        for (Thread sender : senders) {
            sender.join(Duration.ofSeconds(1));
        }
        verdicts = accounting.judge(plan.scripts(), slack.messages(), true);
        return report(options, plan, verdicts, accounting.overcountedStorms(plan.scripts(), slack.messages()),
                accounting.miscountedStorms(plan.scripts(), slack.messages()), start, caughtUpAt, loadBefore);
    }

    /** One alarm's sends, in order, each at its time and once its gate holds. */
    private void play(StormPlan.Script script, Instant start, Instant giveUp) {
        for (StormPlan.Send send : script.sends()) {
            waitUntil(start.plus(send.at()));
            while (!gateHolds(send.gate(), script.alertKey()) && Instant.now().isBefore(giveUp)) {
                LockSupport.parkNanos(GATE_POLL.toNanos());
            }
            post(send);
        }
    }

    private boolean gateHolds(StormPlan.Gate gate, String key) {
        return switch (gate) {
            case NONE -> true;
            case OPEN -> store.findOpen(key).isPresent();
            case CLOSED -> store.findOpen(key).isEmpty();
        };
    }

    /** Delivers as SNS would: a busy answer (503) or a broken connection is sent again, a few times. */
    private void post(StormPlan.Send send) {
        HttpRequest request = HttpRequest.newBuilder(klaxon.resolve(send.path())).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(send.body())).build();
        sends.incrementAndGet();
        for (int attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    lastSend.accumulateAndGet(Instant.now(), (a, b) -> a.isAfter(b) ? a : b);
                    return;
                }
                if (answer.statusCode() != 503 && answer.statusCode() != 429) {
                    progress.println("storm: " + send.path() + " answered " + answer.statusCode() + " " + answer.body());
                    break;
                }
            } catch (IOException e) {
                progress.println("storm: " + send.path() + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            retries.incrementAndGet();
            // A sender's back-off, as SNS's delivery policy spaces its retries.
            LockSupport.parkNanos(Duration.ofMillis(250L * attempt).toNanos());
        }
        failures.incrementAndGet();
    }

    private static void waitUntil(Instant at) {
        for (Duration left = Duration.between(Instant.now(), at); left.isPositive();
             left = Duration.between(Instant.now(), at)) {
            LockSupport.parkNanos(left.toNanos());
        }
    }

    /**
     * @param overcounted storm messages showing more alerts than alarms: doubled inside a storm, reported as doubled,
     *                    as are storms posted twice and thread lines posted twice
     */
    private StormReport report(StormOptions options, StormPlan plan, Map<String, AlertAccounting.Verdict> verdicts,
                               List<String> overcounted, List<String> miscounted, Instant start, Instant caughtUpAt,
                               String loadBefore) {
        List<LimitedSlack.Call> calls = slack.calls();
        List<LimitedSlack.Message> messages = slack.messages();
        Map<String, Integer> updatesPerMessage = new HashMap<>();
        int posts = 0;
        int updates = 0;
        int unchangedUpdates = 0;
        for (LimitedSlack.Call call : calls) {
            if (call.status() != 200) {
                continue;
            }
            if (call.method().equals("chat.postMessage")) {
                posts++;
            } else if (call.method().equals("chat.update")) {
                updates++;
                // Edits per message count what changed it (coalescing's measure); re-sent renders are counted apart.
                if (call.unchanged()) {
                    unchangedUpdates++;
                } else {
                    updatesPerMessage.merge(String.valueOf(call.ts()), 1, Integer::sum);
                }
            }
        }
        // The flapping alarm's message is edited at each of its flips, by design: counted apart.
        Set<String> flapping = plan.scripts().stream().filter(StormPlan.Script::flapping).map(StormPlan.Script::alertKey)
                .collect(Collectors.toSet());
        Map<String, String> kindOfMessage = new HashMap<>();
        for (LimitedSlack.Message m : messages) {
            boolean flaps = AlertAccounting.ALERT_EVENT_TYPE.equals(m.eventType())
                    && Optional.ofNullable(m.payloadField(AlertAccounting.ALERT_ID)).flatMap(store::get)
                    .map(a -> flapping.contains(a.alertKey())).orElse(false);
            kindOfMessage.put(m.ts(), flaps ? FLAPPING : String.valueOf(m.eventType()));
        }
        Instant last = lastSend.get().isAfter(start) ? lastSend.get() : start;
        return new StormReport(options.commandLine(), plan.scripts().size(), sends.get(), retries.get(), failures.get(),
                calls.size(), posts, (int) messages.stream().filter(LimitedSlack.Message::topLevel).count(), updates,
                unchangedUpdates,
                verdicts.values().stream().mapToInt(AlertAccounting.Verdict::ownMessages).max().orElse(0),
                mostUpdates(updatesPerMessage, kindOfMessage, AlertAccounting.ALERT_EVENT_TYPE),
                (int) calls.stream().filter(c -> c.status() == 429).count(),
                (int) calls.stream().filter(LimitedSlack.Call::early).count(),
                keys(verdicts, AlertAccounting.Verdict::lost),
                Stream.of(keys(verdicts, AlertAccounting.Verdict::doubled), overcounted,
                        AlertAccounting.doubledStormMessages(messages), AlertAccounting.doubledThreadLines(messages))
                        .flatMap(List::stream).toList(),
                keys(verdicts, v -> !v.showsFinal()),
                (int) verdicts.values().stream().filter(AlertAccounting.Verdict::inStormMessage).count(),
                Duration.between(start, last), caughtUpAt == null ? null : Duration.between(last, caughtUpAt),
                peakRss(), peakHeap(), loadBefore, loadAverage(),
                calls.stream().collect(Collectors.groupingBy(LimitedSlack.Call::method, Collectors.counting())),
                (int) verdicts.values().stream().filter(v -> v.lost() && v.openInStore()).count(),
                mostUpdates(updatesPerMessage, kindOfMessage, AlertAccounting.STORM_EVENT_TYPE),
                mostUpdates(updatesPerMessage, kindOfMessage, FLAPPING),
                calls.stream().filter(c -> c.fault() != null)
                        .collect(Collectors.groupingBy(LimitedSlack.Call::fault, Collectors.counting())),
                miscounted);
    }

    /** The most edits a message of one kind (its metadata's event type) got. */
    private static int mostUpdates(Map<String, Integer> updatesPerMessage, Map<String, String> kindOfMessage, String kind) {
        return updatesPerMessage.entrySet().stream().filter(e -> kind.equals(kindOfMessage.get(e.getKey())))
                .mapToInt(Map.Entry::getValue).max().orElse(0);
    }

    private static List<String> keys(Map<String, AlertAccounting.Verdict> verdicts,
                                     java.util.function.Predicate<AlertAccounting.Verdict> which) {
        return verdicts.values().stream().filter(which).map(AlertAccounting.Verdict::alertKey).toList();
    }

    /** VmHWM of this process (Linux), in bytes; -1 elsewhere. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u == null ? 0 : u.getUsed()).sum();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
