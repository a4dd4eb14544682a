package io.klaxon.local.storm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Which alarm is sent how and when, decided up front from the options (seeded, so a run can be
 * repeated), and what each alarm's final state must be.
 *
 * <p>An alarm's sends form a script run in order. A recovery that is not meant to be out of order
 * waits until Klaxon has the alert open ({@link Gate#OPEN}), and a flapping alarm's next firing waits
 * until the recovery closed it ({@link Gate#CLOSED}): the harness measures how Klaxon keeps up with a
 * storm, and a recovery racing its own alarm's creation is the disorder case, sent on purpose only
 * for the {@code --reorder} share.
 */
record StormPlan(List<Script> scripts, Instant base) {

    static final String FLAP_NAME = "storm-flap";

    /** Waits before a send. */
    enum Gate { NONE, OPEN, CLOSED }

    /** POST {@code body} to {@code path} at {@code at} after the start, once {@code gate} holds for the alarm. */
    record Send(Duration at, String path, String body, Gate gate) {
    }

    /**
     * One alarm's sends, in order, and the state its alert must end in.
     *
     * @param alarmName     the alarm's name: the alert's title
     * @param alertKey      the alarm ARN, Klaxon's alert key
     * @param endsResolved  whether its last change is a recovery that must resolve it
     * @param flapping      the {@code --flap} alarm
     */
    record Script(String alarmName, String alertKey, List<Send> sends, boolean endsResolved, boolean flapping,
                  boolean duplicated, boolean reordered) {
    }

    static StormPlan of(StormOptions options, Instant base) {
        Random random = new Random(options.seed());
        Duration spread = Duration.ofMillis(Math.round(options.seconds() * 1000));
        Duration resolveAfter = spread.dividedBy(2).compareTo(Duration.ofSeconds(2)) > 0
                ? spread.dividedBy(2) : Duration.ofSeconds(2);
        List<Script> scripts = new ArrayList<>();
        for (int i = 0; i < options.alerts(); i++) {
            String name = String.format(Locale.ROOT, "storm-%05d", i);
            Duration at = spread.multipliedBy(i).dividedBy(options.alerts());
            Instant changedAt = base.plus(at);
            boolean duplicated = random.nextDouble() < options.dup();
            boolean reordered = random.nextDouble() < options.reorder();
            boolean resolved = !reordered && random.nextDouble() < options.resolve();
            List<Send> sends = new ArrayList<>();
            AlarmMessages.Change firing = AlarmMessages.Change.of(name, true, changedAt);
            if (reordered) {
                // The OK of an earlier episode, delayed in transit: older than the firing it arrives before.
                AlarmMessages.Change stale = AlarmMessages.Change.of(name, false, changedAt.minusSeconds(30));
                sends.add(new Send(at, "/sns", AlarmMessages.sns(stale), Gate.NONE));
                at = at.plusMillis(200);
            }
            sends.add(new Send(at, "/sns", AlarmMessages.sns(firing), Gate.NONE));
            if (duplicated) {
                // The same state change again: once through EventBridge, once redelivered by SNS.
                sends.add(new Send(at.plusMillis(100), "/events", AlarmMessages.eventBridge(firing), Gate.NONE));
                sends.add(new Send(at.plusMillis(300), "/sns", AlarmMessages.sns(firing), Gate.NONE));
            }
            if (resolved) {
                Duration okAt = at.plus(resolveAfter);
                sends.add(new Send(okAt, "/sns", AlarmMessages.sns(AlarmMessages.Change.of(name, false, base.plus(okAt))), Gate.OPEN));
            }
            scripts.add(new Script(name, AlarmMessages.alarmArn(name), sends, resolved, false, duplicated, reordered));
        }
        if (options.flap() > 0) {
            List<Send> sends = new ArrayList<>();
            for (int j = 0; j < options.flap(); j++) {
                boolean firing = j % 2 == 0;
                Duration at = spread.multipliedBy(j).dividedBy(options.flap());
                sends.add(new Send(at, "/sns", AlarmMessages.sns(AlarmMessages.Change.of(FLAP_NAME, firing,
                        base.plus(at).plusMillis(j))), j == 0 ? Gate.NONE : firing ? Gate.CLOSED : Gate.OPEN));
            }
            scripts.add(new Script(FLAP_NAME, AlarmMessages.alarmArn(FLAP_NAME), sends, options.flap() % 2 == 0, true,
                    false, false));
        }
        return new StormPlan(List.copyOf(scripts), base);
    }

    int sendCount() {
        return scripts.stream().mapToInt(s -> s.sends().size()).sum();
    }
}
