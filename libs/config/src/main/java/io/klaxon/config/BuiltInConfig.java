package io.klaxon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configuration when there is no file: one route, {@code default}, with today's single-channel
 * behaviour, read from the environment variables (and defaults) the template's SlackChannel,
 * EscalateAfterSeconds, RemindAfterSeconds, EscalationMentions and AutoResolveOnRecovery parameters
 * set; the lifecycle function routes with it when its artifact has no file:
 *
 * <ul>
 *   <li>{@code KLAXON_CHANNEL}: the channel (empty when unset, as today)</li>
 *   <li>{@code KLAXON_ESCALATE_AFTER_SECONDS} (300) and {@code KLAXON_REMIND_AFTER_SECONDS} (3600)</li>
 *   <li>{@code KLAXON_ESCALATION_MENTIONS} ({@code here}): levels split by {@code ;}, ids by {@code ,},
 *       a level starting with {@code !} pages; {@code S…} ids are user groups, {@code here} and
 *       {@code channel} broadcasts, anything else a user</li>
 *   <li>{@code KLAXON_AUTO_RESOLVE} ({@code true})</li>
 *   <li>{@code KLAXON_STORM_THRESHOLD} ({@code 10}) and {@code KLAXON_STORM_WINDOW_SECONDS} ({@code 60}): storm mode</li>
 * </ul>
 */
public final class BuiltInConfig {

    public static final String ROUTE = "default";

    private BuiltInConfig() {
    }

    public static KlaxonConfig fromEnvironment(Map<String, String> env) {
        String channel = env.getOrDefault("KLAXON_CHANNEL", "");
        long claim = seconds(env, "KLAXON_ESCALATE_AFTER_SECONDS", 300);
        long remind = seconds(env, "KLAXON_REMIND_AFTER_SECONDS", 3600);
        boolean autoResolve = Boolean.parseBoolean(env.getOrDefault("KLAXON_AUTO_RESOLVE", "true"));
        Policy policy = new Policy(ROUTE, Duration.ofSeconds(claim), Duration.ofSeconds(remind), autoResolve,
                levels(env.getOrDefault("KLAXON_ESCALATION_MENTIONS", "here")));
        Route.Storm storm = new Route.Storm(
                (int) Math.max(1, seconds(env, "KLAXON_STORM_THRESHOLD", Route.Storm.DEFAULT.threshold())),
                Duration.ofSeconds(Math.max(1, seconds(env, "KLAXON_STORM_WINDOW_SECONDS",
                        Route.Storm.DEFAULT.window().toSeconds()))));
        Route route = new Route(ROUTE, java.util.Optional.empty(), channel, ROUTE, MessageTemplate.DEFAULT, storm);
        return new KlaxonConfig(KlaxonConfig.BUILT_IN, List.of(route), Map.of(ROUTE, policy), Map.of(),
                MessageTemplate.BUILT_IN, List.of());
    }

    private static long seconds(Map<String, String> env, String name, long otherwise) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            long s = Long.parseLong(v.trim());
            if (s >= 1) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of seconds, at least 1 (is '" + v + "')");
    }

    /** Levels split by {@code ;}, ids by {@code ,}; each id given its kind. */
    static List<Policy.Level> levels(String spec) {
        List<Policy.Level> levels = new ArrayList<>();
        for (String raw : spec.split(";")) {
            String level = raw.trim();
            if (level.isEmpty()) {
                continue;
            }
            boolean page = level.startsWith("!");
            List<Mention> mentions = new ArrayList<>();
            for (String id : level.substring(page ? 1 : 0).split(",")) {
                String t = id.trim();
                if (t.isEmpty()) {
                    continue;
                }
                mentions.add(t.equals("here") || t.equals("channel") ? new Mention.Broadcast(t)
                        : t.startsWith("S") ? new Mention.Group(t) : new Mention.User(t));
            }
            levels.add(new Policy.Level(mentions, page));
        }
        return levels;
    }
}
