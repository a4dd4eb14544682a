package io.klaxon.local;

import io.klaxon.config.ConfigLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The local runtime's settings, from the environment (every variable is documented in the README).
 *
 * @param port                 {@code KLAXON_PORT}: HTTP port (default 8080; 0 picks a free one)
 * @param slackBotToken        {@code SLACK_BOT_TOKEN}: without it, messages print on the console
 * @param slackSigningSecret   {@code SLACK_SIGNING_SECRET}: verifies Slack requests; locally defaults
 *                             to {@link #LOCAL_SIGNING_SECRET} so {@code ./klaxon click} can sign
 * @param slackApiUrl          {@code SLACK_API_URL}: base URL of the Web API methods
 * @param slackAppToken        {@code SLACK_APP_TOKEN}: Socket Mode app-level token (xapp-…)
 * @param channel              {@code KLAXON_CHANNEL}: channel id alerts are posted to
 * @param escalateAfterSeconds {@code KLAXON_ESCALATE_AFTER_SECONDS}: claim timeout
 * @param remindAfterSeconds   {@code KLAXON_REMIND_AFTER_SECONDS}: owner reminder interval
 * @param escalationMentions   {@code KLAXON_ESCALATION_MENTIONS}: who each escalation level mentions
 * @param node                 {@code KLAXON_NODE}: the Node.js binary running the ASL
 * @param home                 {@code KLAXON_HOME}: the repository root (found from the working
 *                             directory when unset)
 * @param autoResolve          {@code KLAXON_AUTO_RESOLVE}: whether a recovery resolves an unclaimed
 *                             alert (the stack parameter AutoResolveOnRecovery)
 * @param configFile           the configuration file ({@code KLAXON_CONFIG}, else {@code klaxon.yaml} at the
 *                             repository root); empty: the built-in single route
 * @param placeholderValues    where the file's {@code ${VAR}} placeholders get their values locally (the
 *                             process environment); the runtime hands them to the deliver function as the
 *                             destination-secrets secret, as AWS would
 */
public record LocalConfig(
        int port,
        String slackBotToken,
        String slackSigningSecret,
        String slackApiUrl,
        String slackAppToken,
        String channel,
        long escalateAfterSeconds,
        long remindAfterSeconds,
        String escalationMentions,
        String node,
        Path home,
        boolean autoResolve,
        Optional<Path> configFile,
        Map<String, String> placeholderValues) {

    public LocalConfig {
        placeholderValues = Map.copyOf(placeholderValues);
    }

    /** Without a configuration file: the built-in single route. */
    public LocalConfig(int port, String slackBotToken, String slackSigningSecret, String slackApiUrl, String slackAppToken,
                       String channel, long escalateAfterSeconds, long remindAfterSeconds, String escalationMentions,
                       String node, Path home, boolean autoResolve) {
        this(port, slackBotToken, slackSigningSecret, slackApiUrl, slackAppToken, channel, escalateAfterSeconds,
                remindAfterSeconds, escalationMentions, node, home, autoResolve, Optional.empty(), Map.of());
    }

    public static final String LOCAL_SIGNING_SECRET = "klaxon-local-signing-secret";
    public static final String DEFAULT_SLACK_API_URL = "https://slack.com/api/";

    /** With recoveries resolving unclaimed alerts, the template's default. */
    public LocalConfig(int port, String slackBotToken, String slackSigningSecret, String slackApiUrl, String slackAppToken,
                       String channel, long escalateAfterSeconds, long remindAfterSeconds, String escalationMentions,
                       String node, Path home) {
        this(port, slackBotToken, slackSigningSecret, slackApiUrl, slackAppToken, channel, escalateAfterSeconds,
                remindAfterSeconds, escalationMentions, node, home, true);
    }

    public static LocalConfig fromEnvironment(Map<String, String> env) {
        return new LocalConfig(
                integer(env, "KLAXON_PORT", 8080),
                env.getOrDefault("SLACK_BOT_TOKEN", ""),
                env.getOrDefault("SLACK_SIGNING_SECRET", LOCAL_SIGNING_SECRET),
                env.getOrDefault("SLACK_API_URL", DEFAULT_SLACK_API_URL),
                env.getOrDefault("SLACK_APP_TOKEN", ""),
                env.getOrDefault("KLAXON_CHANNEL", "C0KLAXON"),
                integer(env, "KLAXON_ESCALATE_AFTER_SECONDS", 300),
                integer(env, "KLAXON_REMIND_AFTER_SECONDS", 3600),
                env.getOrDefault("KLAXON_ESCALATION_MENTIONS", "here"),
                env.getOrDefault("KLAXON_NODE", "node"),
                home(env.get("KLAXON_HOME")),
                bool(env, "KLAXON_AUTO_RESOLVE", true),
                ConfigLocation.resolve(env, home(env.get("KLAXON_HOME"))).file(),
                env);
    }

    /** The same settings with this configuration file and these placeholder values. */
    public LocalConfig withConfig(Path file, Map<String, String> values) {
        return new LocalConfig(port, slackBotToken, slackSigningSecret, slackApiUrl, slackAppToken, channel,
                escalateAfterSeconds, remindAfterSeconds, escalationMentions, node, home, autoResolve,
                Optional.of(file), values);
    }

    public LocalConfig withPort(int newPort) {
        return new LocalConfig(newPort, slackBotToken, slackSigningSecret, slackApiUrl, slackAppToken, channel,
                escalateAfterSeconds, remindAfterSeconds, escalationMentions, node, home, autoResolve, configFile,
                placeholderValues);
    }

    public boolean slackConfigured() {
        return !slackBotToken.isBlank();
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    /** The repository root: KLAXON_HOME, or the nearest directory up from here with sam/template.yaml. */
    static Path home(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("sam/template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Klaxon repository (sam/template.yaml); set KLAXON_HOME");
    }
}
