package io.klaxon.local.cli;

import io.klaxon.local.LocalArtifact;
import io.klaxon.local.LocalConfig;
import io.klaxon.local.LocalRuntime;
import io.klaxon.local.storm.StormCommand;
import io.klaxon.slack.AlertAction;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./klaxon local | send FILE… | click ACTION ALERT_ID | storm …}: run Klaxon on this machine, feed it
 * notifications, click its buttons as a signed Slack request would, and drive it through an alert storm
 * against a rate-limited Slack ({@link StormCommand}).
 */
public final class Main {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "local" : args[0];
        Map<String, String> env = System.getenv();
        int code = switch (command) {
            case "local" -> runLocal(env);
            case "send" -> send(env, List.of(args).subList(1, args.length));
            case "click" -> click(env, List.of(args).subList(1, args.length));
            case "storm" -> StormCommand.run(List.of(args).subList(1, args.length), env, System.out);
            default -> {
                System.err.println("unknown command '" + command + "': use local, send, click or storm");
                yield 2;
            }
        };
        if (code != 0 || !"local".equals(command)) {
            System.exit(code);
        }
    }

    /**
     * The JDK HTTP server reads request headers before any handler runs, and only its own
     * JVM-wide setting bounds that: a client that stalls inside its headers is dropped after this
     * many seconds. Set before the first server starts (the JDK reads it once); bodies have their
     * own, shorter deadline in {@code Routes}.
     */
    static final String MAX_REQUEST_SECONDS = "30";

    private static int runLocal(Map<String, String> env) throws InterruptedException {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        }
        LocalConfig config = LocalConfig.fromEnvironment(env);
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(config);
        } catch (LocalArtifact.ConfigRefusedException refused) {
            // The same lines as `./klaxon config check`, and nothing started.
            System.err.println(refused.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "klaxon-shutdown"));
        String base = "http://127.0.0.1:" + runtime.port();
        System.out.println();
        System.out.println("Klaxon is running at " + base + "  (Ctrl-C stops it)");
        System.out.println("  Slack:      " + (config.slackConfigured() ? config.slackApiUrl() + " channel " + config.channel()
                : "no SLACK_BOT_TOKEN: messages print here"));
        System.out.println("  Send alarm: ./klaxon send examples/alarm-firing.json");
        System.out.println("  Click:      ./klaxon click claim ALERT_ID   then   ./klaxon click resolve ALERT_ID");
        System.out.println("  Inspect:    curl " + base + "/alerts/ALERT_ID");
        System.out.println();
        stopped.await();
        return 0;
    }

    private static URI base(Map<String, String> env) {
        return URI.create("http://127.0.0.1:" + env.getOrDefault("KLAXON_PORT", "8080"));
    }

    /** Posts each file to the running local Klaxon: SNS HTTP bodies to /sns, anything else to /events. */
    private static int send(Map<String, String> env, List<String> files) throws IOException, InterruptedException {
        if (files.isEmpty()) {
            System.err.println("usage: ./klaxon send FILE…");
            return 2;
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String file : files) {
            String body = Files.readString(Path.of(file));
            String path = body.contains("\"Type\"") && body.contains("\"TopicArn\"") && !body.contains("\"Records\"")
                    ? "/sns" : "/events";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base(env).resolve(path))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(file + " -> " + r.statusCode() + " " + r.body());
            if (r.statusCode() / 100 != 2) {
                return 1;
            }
        }
        return 0;
    }

    /** Clicks a button on an alert's current message, signed with SLACK_SIGNING_SECRET. */
    private static int click(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        if (args.size() < 2) {
            System.err.println("usage: ./klaxon click claim|resolve|unclaim|snooze ALERT_ID [SLACK_USER_ID] [NAME]");
            return 2;
        }
        AlertAction action;
        try {
            action = AlertAction.valueOf(args.get(0).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("unknown action '" + args.get(0) + "': claim, resolve, unclaim or snooze");
            return 2;
        }
        String alertId = args.get(1);
        String userId = args.size() > 2 ? args.get(2) : "U0LOCAL";
        String userName = args.size() > 3 ? args.get(3) : System.getProperty("user.name", "you");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> view = http.send(HttpRequest.newBuilder(base(env).resolve("/alerts/" + alertId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (view.statusCode() != 200) {
            System.err.println("no alert " + alertId + " (" + view.statusCode() + ")");
            return 1;
        }
        Map<?, ?> alert = (Map<?, ?>) JSON.readValue(view.body(), Argument.mapOf(String.class, Object.class)).get("alert");
        var click = new SlackClick(action, String.valueOf(alert.get("alertId")), ((Number) alert.get("version")).longValue(),
                String.valueOf(alert.get("channel")), String.valueOf(alert.get("messageTs")), userId, userName);
        String secret = env.getOrDefault("SLACK_SIGNING_SECRET", LocalConfig.LOCAL_SIGNING_SECRET);
        HttpResponse<String> r = http.send(click.signedRequest(base(env).resolve("/slack/actions"), secret, Instant.now(), JSON),
                HttpResponse.BodyHandlers.ofString());
        System.out.println(action.name().toLowerCase(Locale.ROOT) + " " + alertId + " -> " + r.statusCode()
                + (r.body().isBlank() ? "" : " " + r.body()));
        return r.statusCode() == 200 ? 0 : 1;
    }
}
