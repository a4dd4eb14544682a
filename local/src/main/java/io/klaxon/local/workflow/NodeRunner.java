package io.klaxon.local.workflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import io.micronaut.json.JsonMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node half of the local runtime: {@code statemachines/local/runner.mjs} executing the real ASL
 * with aws-local-stepfunctions. This class starts it, talks to it over loopback HTTP, and stops it.
 * The runner exits when its stdin closes, so it never outlives this JVM.
 */
public final class NodeRunner implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("\"port\"\\s*:\\s*(\\d+)");

    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json;

    private NodeRunner(Process process, int port, JsonMapper json) {
        this.process = process;
        this.json = json;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * @param substitutions a JSON file of the definition's substitutions
     * @param callback      the Java side's internal base URL ({@code …/internal})
     */
    public static NodeRunner start(String node, Path runner, Path definition, Path substitutions, URI callback,
                                   Duration readyTimeout, JsonMapper json) {
        return start(node, runner, definition, substitutions, callback, readyTimeout, json, List.of());
    }

    /** @param extraArgs further runner options, e.g. {@code --retry-interval-ms 100} (tests only) */
    public static NodeRunner start(String node, Path runner, Path definition, Path substitutions, URI callback,
                                   Duration readyTimeout, JsonMapper json, List<String> extraArgs) {
        List<String> command = new java.util.ArrayList<>(List.of(node, runner.toString(), "--definition",
                definition.toString(), "--substitutions", substitutions.toString(), "--callback", callback.toString()));
        command.addAll(extraArgs);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the state machine runner with '" + node
                    + "' (is Node.js installed? set KLAXON_NODE): " + e.getMessage(), e);
        }
        forwardErrors(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = firstLine.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the state machine runner did not become ready within " + readyTimeout
                    + " (did `npm ci` run in statemachines/?)", e);
        }
        Matcher m = line == null ? null : READY.matcher(line);
        if (m == null || !m.find()) {
            process.destroyForcibly();
            throw new IllegalStateException("the state machine runner exited before it was ready"
                    + " (see its errors above; did `npm ci` run in statemachines/?)");
        }
        drain(out);
        return new NodeRunner(process, Integer.parseInt(m.group(1)), json);
    }

    /**
     * The runner's log lines (JSON, on its stderr) onto this process's {@code System.err}, line by line, rather
     * than onto the inherited file descriptor: they then go wherever the functions' lines go, and through
     * whatever watches them (the tests' scan for secrets in the logs).
     */
    private static void forwardErrors(Process process) {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    System.err.println(line);
                }
            } catch (IOException ignored) {
                // the runner went away; its exit is reported by whoever waits for it
            }
        }, "klaxon-runner-stderr");
        t.setDaemon(true);
        t.start();
    }

    /** Keeps reading the runner's stdout so it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // the protocol uses stdout only for the ready line; anything else is noise
                }
            } catch (IOException ignored) {
                // the runner went away; close() reports nothing more useful
            }
        }, "klaxon-runner-stdout");
        t.setDaemon(true);
        t.start();
    }

    /** Starts an execution, as the EventBridge rule target StartExecution would. */
    public void startExecution(String name, Object input) {
        Response r = post("/executions", Map.of("name", name, "input", input));
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("StartExecution failed: " + r.status() + " " + r.body());
        }
    }

    /**
     * StartExecution as Step Functions answers it for a name already taken (a running execution
     * with the same input, or any closed one): false, for the caller to report
     * ExecutionAlreadyExists.
     */
    public boolean startExecutionIfNew(String name, Object input) {
        Response r = post("/executions", Map.of("name", name, "input", input));
        if (r.status() == 409) {
            return false;
        }
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("StartExecution failed: " + r.status() + " " + r.body());
        }
        return true;
    }

    /** SendTaskSuccess. @return false when the token's wait already ended or is unknown */
    public boolean sendTaskSuccess(String token, Object output) {
        Response r = post("/callbacks/success", Map.of("taskToken", token, "output", output));
        if (r.status() == 404 || r.status() == 410) {
            return false;
        }
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("SendTaskSuccess failed: " + r.status() + " " + r.body());
        }
        return true;
    }

    /**
     * DescribeExecution, as the runner's JSON ({@code status}, {@code states}, {@code output|error});
     * empty when the runner knows no execution of that name (Step Functions' ExecutionDoesNotExist).
     */
    public Optional<String> describe(String name) {
        Response r = get("/executions/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("DescribeExecution failed: " + r.status() + " " + r.body());
        }
        return Optional.of(r.body());
    }

    /**
     * StopExecution: the execution ends ABORTED with this error and cause (nothing changes for one
     * that has already ended). @return false when the runner knows no execution of that name
     */
    public boolean stopExecution(String name, String error, String cause) {
        Response r = post("/executions/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/stop",
                Map.of("error", error, "cause", cause));
        if (r.status() == 404) {
            return false;
        }
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("StopExecution failed: " + r.status() + " " + r.body());
        }
        return true;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private Response post(String path, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize a request to the runner", e);
        }
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("the state machine runner is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private record Response(int status, String body) {
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // closing stdin is the polite stop; destroy below is the sure one
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
