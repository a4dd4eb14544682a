package io.klaxon.local.storm;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@code ./klaxon storm} sends: {@code --alerts N} distinct CloudWatch alarms spread over
 * {@code --seconds S}; {@code --dup P} of them delivered twice by SNS and once more by EventBridge;
 * {@code --reorder P} of them with their OK (older source time) sent before their ALARM; {@code --flap K}
 * one more alarm changing state K times; {@code --resolve P} of the others recovering (OK) after Klaxon
 * has them; {@code --deadline S} how long to wait for every message to show its final state;
 * {@code --seed N} the random choice of which alarms get what; {@code --slack-faults P} the share of Slack calls
 * that fail as in a Slack incident ({@link LimitedSlack.Fault}: unavailable, internal error, or the answer lost
 * after the call took effect).
 */
public record StormOptions(int alerts, double seconds, double dup, double reorder, int flap, double resolve,
                           Duration deadline, long seed, double slackFaults) {

    public static final String USAGE = "usage: ./klaxon storm [--alerts N] [--seconds S] [--dup P] [--reorder P] "
            + "[--flap K] [--resolve P] [--deadline SECONDS] [--seed N] [--slack-faults P]   (P: a fraction from 0 to 1)";

    public StormOptions {
        if (alerts < 1) {
            throw new IllegalArgumentException("--alerts must be at least 1, not " + alerts);
        }
        if (seconds < 0 || Double.isNaN(seconds)) {
            throw new IllegalArgumentException("--seconds must be 0 or more, not " + seconds);
        }
        fraction("--dup", dup);
        fraction("--reorder", reorder);
        fraction("--resolve", resolve);
        fraction("--slack-faults", slackFaults);
        if (flap < 0) {
            throw new IllegalArgumentException("--flap must be 0 or more, not " + flap);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("--deadline must be more than 0 seconds");
        }
    }

    public static StormOptions defaults() {
        return new StormOptions(100, 60, 0.1, 0.05, 0, 0.5, Duration.ofMinutes(10), 8, 0);
    }

    /** @throws IllegalArgumentException naming the option that is wrong, and why */
    public static StormOptions parse(List<String> args) {
        StormOptions o = defaults();
        int alerts = o.alerts();
        double seconds = o.seconds();
        double dup = o.dup();
        double reorder = o.reorder();
        int flap = o.flap();
        double resolve = o.resolve();
        Duration deadline = o.deadline();
        long seed = o.seed();
        double slackFaults = o.slackFaults();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            String value = name.contains("=") ? name.substring(name.indexOf('=') + 1) : null;
            name = name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--alerts" -> alerts = (int) whole(name, value);
                case "--seconds" -> seconds = number(name, value);
                case "--dup" -> dup = number(name, value);
                case "--reorder" -> reorder = number(name, value);
                case "--flap" -> flap = (int) whole(name, value);
                case "--resolve" -> resolve = number(name, value);
                case "--deadline" -> deadline = Duration.ofMillis(Math.round(number(name, value) * 1000));
                case "--seed" -> seed = whole(name, value);
                case "--slack-faults" -> slackFaults = number(name, value);
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new StormOptions(alerts, seconds, dup, reorder, flap, resolve, deadline, seed, slackFaults);
    }

    /** The command line that gives these options, for the report. */
    public String commandLine() {
        return String.format(Locale.ROOT, "./klaxon storm --alerts %d --seconds %s --dup %s --reorder %s --flap %d"
                + " --resolve %s --deadline %d --seed %d%s", alerts, plain(seconds), plain(dup), plain(reorder), flap,
                plain(resolve), deadline.toSeconds(), seed, slackFaults == 0 ? "" : " --slack-faults " + plain(slackFaults));
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void fraction(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " is a fraction from 0 to 1, not " + p);
        }
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
        }
    }

    private static long whole(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
