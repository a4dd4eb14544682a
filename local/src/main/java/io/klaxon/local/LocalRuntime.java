package io.klaxon.local;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.aws.dynamodb.DynamoAlertStore;
import io.klaxon.aws.dynamodb.local.EmbeddedDynamoDb;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.ingest.IngestHandler;
import io.klaxon.ingest.IngestOutcome;
import io.klaxon.ingest.IngestService;
import io.klaxon.ingest.RawInput;
import io.klaxon.ingest.SignalInFlightException;
import io.klaxon.ingest.UnreadableInputException;
import io.klaxon.interact.InteractHandler;
import io.klaxon.interact.slack.AlertIds;
import io.klaxon.interact.slack.HttpReply;
import io.klaxon.interact.slack.SlackEndpoint;
import io.klaxon.local.aws.LocalEventBridge;
import io.klaxon.local.aws.LocalSecrets;
import io.klaxon.local.bus.LocalBus;
import io.klaxon.local.function.FunctionTimeout;
import io.klaxon.local.function.LocalFunction;
import io.klaxon.local.function.LocalFunctions;
import io.klaxon.local.http.Exchange;
import io.klaxon.local.http.Limits;
import io.klaxon.local.http.Routes;
import io.klaxon.local.slack.SocketModeBridge;
import io.klaxon.local.template.FunctionView;
import io.klaxon.deliver.DeliverFactory;
import io.klaxon.local.template.Intrinsics;
import io.klaxon.local.template.LocalDeployment;
import io.klaxon.local.template.StateMachineView;
import io.klaxon.local.template.TemplateModel;
import io.klaxon.local.workflow.LocalStateMachine;
import io.klaxon.local.workflow.NodeRunner;
import io.klaxon.slack.SlackFactory;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Klaxon on one machine: the same handler classes and the same ASL file as in AWS, on DynamoDB
 * Local, an Event Ruler bus wired from the template, and aws-local-stepfunctions on Node.
 *
 * <pre>
 *  POST /sns, /events ─▶ IngestFunction ─▶ LocalBus ─(template rules)─▶ Node runner (ASL) ─▶ /internal/invoke ─▶ functions
 *  POST /slack/*      ─▶ InteractFunction ─▶ DynamoDB Local + SendTaskSuccess ─▶ Node runner
 * </pre>
 *
 * <p>Each function runs as deployed: its own application context, with only the environment the
 * template gives it and the role its policies describe; every AWS call it makes, and every call
 * the state machine makes, is checked against that role (see docs/adr/0009-local-runtime-per-function.md).
 */
public final class LocalRuntime implements AutoCloseable {

    public static final String ENVIRONMENT = "local";
    /** Tests only: shortens every Retry interval of the workflow (see {@code runnerTestArgs}). */
    public static final String RETRY_INTERVAL_PROPERTY = "klaxon.local.retryIntervalMs";
    /**
     * Tests only: multiplies every Retry's interval and delay cap of the ASL, keeping its attempts
     * and back-off (a flat {@link #RETRY_INTERVAL_PROPERTY} spends a budget meant for minutes of
     * outage in seconds).
     */
    public static final String RETRY_SCALE_PROPERTY = "klaxon.local.retryScale";
    /** The local secrets the stack's secret parameters point at (Secrets Manager appends 6 characters to a name). */
    public static final String BOT_TOKEN_SECRET_ARN = "arn:aws:secretsmanager:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT
            + ":secret:klaxon-local/slack-bot-token-Local1";
    public static final String SIGNING_SECRET_SECRET_ARN = "arn:aws:secretsmanager:" + Intrinsics.REGION + ":"
            + Intrinsics.ACCOUNT + ":secret:klaxon-local/slack-signing-secret-Local1";
    /** The template's secret for the values of the configuration's ${VAR} placeholders. */
    static final String DESTINATION_SECRETS = "DestinationSecrets";
    /** Without a Slack token the console prints messages; the functions still need a token to start, as in AWS. */
    static final String CONSOLE_TOKEN = "xoxb-klaxon-local-console";
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private LocalArtifact artifact;
    private LocalDeployment deployment;
    private LocalFunctions functions;
    private AlertStore alerts;
    private LocalBus bus;
    private LocalBus defaultBus;
    private StateMachineView machine;
    private NodeRunner runner;
    private Routes internalServer;
    private Routes publicServer;

    private LocalRuntime() {
    }

    public static LocalRuntime start(LocalConfig config) {
        return start(config, TemplateModel.load(config.home().resolve("sam/template.yaml")));
    }

    /** Runs the given template (a test's edited copy of the real one, say) instead of {@code sam/template.yaml}. */
    public static LocalRuntime start(LocalConfig config, TemplateModel template) {
        LocalRuntime runtime = new LocalRuntime();
        try {
            runtime.boot(config, template);
            return runtime;
        } catch (RuntimeException | IOException e) {
            runtime.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void boot(LocalConfig config, TemplateModel template) throws IOException {
        artifact = LocalArtifact.build(config, JsonMapper.createDefault());
        deployment = template.deploy(parameters(config));
        Intrinsics stack = deployment.stack();

        EmbeddedDynamoDb dynamoDb = track(EmbeddedDynamoDb.start());
        String table = stack.name(template.tableLogicalId());
        AlertTable.create(dynamoDb.client(), table);

        JsonMapper json = JsonMapper.createDefault();
        String busName = template.busLogicalId().map(stack::name)
                .orElseThrow(() -> new IllegalStateException("the template has no AWS::Events::EventBus"));
        bus = track(new LocalBus(busName, template.busRules(), json, Clock.systemUTC(), Intrinsics.ACCOUNT, Intrinsics.REGION));
        // The account's default bus, where AWS services put their events: here, Step Functions' status changes.
        // Its patterns name stack resources (the state machine's ARN): resolved as CloudFormation would.
        List<TemplateModel.BusRule> defaultRules = deployment.defaultBusRules();
        defaultBus = track(new LocalBus("default", defaultRules, json, Clock.systemUTC(), Intrinsics.ACCOUNT,
                Intrinsics.REGION));
        StateMachineView machine = this.machine = deployment.stateMachine();
        LocalStateMachine stateMachine = new LocalStateMachine(machine.arn());
        Map<String, String> secretValues = new HashMap<>(Map.of(
                BOT_TOKEN_SECRET_ARN, config.slackConfigured() ? config.slackBotToken() : CONSOLE_TOKEN,
                SIGNING_SECRET_SECRET_ARN, config.slackSigningSecret()));
        // The stack's destination-secrets secret, holding what the placeholders' values are here.
        if (template.hasResource(DESTINATION_SECRETS)) {
            secretValues.put(stack.ref(DESTINATION_SECRETS), artifact.destinationSecrets());
        }
        LocalSecrets secrets = new LocalSecrets(secretValues);

        // Local plumbing with no AWS counterpart: where DynamoDB is, and whether Slack is the console.
        Map<String, Object> plumbing = Map.of(
                "dynamodb.endpoint", dynamoDb.endpoint().toString(),
                SlackFactory.CONSOLE_PROPERTY, !config.slackConfigured(),
                DeliverFactory.CONSOLE_EMAIL_PROPERTY, true);
        functions = track(LocalFunctions.start(deployment.functions(), artifact.root(), plumbing, bus, secrets,
                stateMachine));
        // The local doors' own view of the table (GET /alerts/…): tooling, not a function, so unchecked.
        alerts = new DynamoAlertStore(dynamoDb.client(), table, functions.all().getFirst().bean(ObjectMapper.class),
                Clock.systemUTC());

        Routes internal = internalServer = track(internalRoutes(machine, json).start("127.0.0.1", 0, 4, "klaxon-local-internal"));
        Path substitutions = Files.createTempFile("klaxon-substitutions", ".json");
        substitutions.toFile().deleteOnExit();
        Files.write(substitutions, json.writeValueAsBytes(machine.substitutions()));
        runner = track(NodeRunner.start(config.node(), config.home().resolve("statemachines/local/runner.mjs"),
                machine.definition(), substitutions,
                java.net.URI.create("http://127.0.0.1:" + internal.port() + "/internal"), Duration.ofSeconds(30), json,
                runnerTestArgs()));
        stateMachine.bind(runner);

        connectBusTargets(template, json);
        publicServer = track(publicRoutes(json).start("127.0.0.1", config.port(), 8, "klaxon-local-http"));
        if (!config.slackAppToken().isBlank()) {
            SlackEndpoint slack = functions.running(InteractHandler.class).bean(SlackEndpoint.class);
            track(SocketModeBridge.connect(config.slackAppToken(), config.slackApiUrl(), config.slackSigningSecret(),
                    (path, headers, body) -> {
                        var reply = slack.handle(path, headers, body);
                        return new SocketModeBridge.Reply(reply.status(), reply.body());
                    }, json, Clock.systemUTC()));
        }
    }

    /**
     * Tests only: the system property {@value #RETRY_INTERVAL_PROPERTY} shortens every Retry of the
     * ASL to that many milliseconds (a refusing Slack is otherwise retried 30 s, then minutes apart).
     * {@code ./klaxon local} never sets it, so it runs the deployed back-off.
     */
    private static List<String> runnerTestArgs() {
        String retryIntervalMs = System.getProperty(RETRY_INTERVAL_PROPERTY);
        if (retryIntervalMs == null || retryIntervalMs.isBlank()) {
            String retryScale = System.getProperty(RETRY_SCALE_PROPERTY);
            return retryScale == null || retryScale.isBlank() ? List.of() : List.of("--retry-scale", retryScale.trim());
        }
        return List.of("--retry-interval-ms", retryIntervalMs.trim());
    }

    /** The stack parameters, from the local configuration; the others keep the template's Default. */
    private static Map<String, String> parameters(LocalConfig config) {
        Map<String, String> p = new HashMap<>();
        p.put("SlackBotTokenSecretArn", BOT_TOKEN_SECRET_ARN);
        p.put("SlackSigningSecretArn", SIGNING_SECRET_SECRET_ARN);
        p.put("SlackChannel", config.channel());
        p.put("SlackApiUrl", config.slackApiUrl());
        p.put("EscalateAfterSeconds", Long.toString(config.escalateAfterSeconds()));
        p.put("RemindAfterSeconds", Long.toString(config.remindAfterSeconds()));
        p.put("EscalationMentions", config.escalationMentions());
        p.put("AutoResolveOnRecovery", Boolean.toString(config.autoResolve()));
        return p;
    }

    /** The rules' targets: the state machine runs in the Node runner, functions run in this JVM. */
    private void connectBusTargets(TemplateModel template, JsonMapper json) {
        String stateMachine = template.stateMachineLogicalId();
        bus.connect(stateMachine, event -> runner.startExecution(UUID.randomUUID().toString(), parse(json, event)));
        for (TemplateModel.BusRule rule : template.busRules()) {
            functions.get(rule.targetLogicalId()).ifPresent(function ->
                    bus.connect(rule.targetLogicalId(), event -> invoke(function, event.getBytes())));
        }
        for (TemplateModel.BusRule rule : template.defaultBusRules()) {
            functions.get(rule.targetLogicalId()).ifPresent(function ->
                    defaultBus.connect(rule.targetLogicalId(), event -> invoke(function, event.getBytes())));
        }
    }

    /**
     * An execution started or ended: put "Step Functions Execution Status Change" on the default bus,
     * as Step Functions does, with the detail it documents (dates in epoch milliseconds, input and
     * output as JSON text).
     */
    private void executionStatusChanged(Map<String, Object> report) {
        String name = String.valueOf(report.get("name"));
        String executionArn = machine.arn().replace(":stateMachine:", ":execution:") + ":" + name;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("executionArn", executionArn);
        detail.put("stateMachineArn", machine.arn());
        detail.put("name", name);
        detail.put("status", report.get("status"));
        detail.put("startDate", report.get("startDate"));
        detail.put("stopDate", report.get("stopDate"));
        detail.put("input", report.get("input"));
        detail.put("inputDetails", Map.of("included", report.get("input") != null));
        detail.put("output", report.get("output"));
        detail.put("outputDetails", report.get("output") == null ? null : Map.of("included", true));
        detail.put("error", report.get("error"));
        detail.put("cause", report.get("cause"));
        defaultBus.publishAs(EXECUTION_STATUS_SOURCE, EXECUTION_STATUS_CHANGE, detail, List.of(executionArn));
    }

    static final String EXECUTION_STATUS_SOURCE = "aws.states";
    static final String EXECUTION_STATUS_CHANGE = "Step Functions Execution Status Change";

    /**
     * StopExecution on the local state machine (AWS semantics: the execution ends ABORTED with this
     * error and cause; one that has ended already stays as it is).
     *
     * @return false when no execution has that name
     */
    public boolean stopExecution(String name, String error, String cause) {
        return runner.stopExecution(name, error, cause);
    }

    private static Object invoke(LocalFunction function, byte[] payload) {
        try {
            return function.invoke(payload);
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", function.logicalId(), e.toString());
            throw e;
        }
    }

    /** The workflow's invocation: within the function's Timeout, as Lambda runs it for Step Functions. */
    private static Object invokeForWorkflow(LocalFunction function, byte[] payload) {
        try {
            return function.invokeWithinTimeout(payload);
        } catch (FunctionTimeout.TimedOut e) {
            LOG.warn("{} {}", function.logicalId(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", function.logicalId(), e.toString());
            throw e;
        }
    }

    /**
     * The state machine's calls, made with its role: {@code lambda:invoke} ({@code lambda:InvokeFunction}
     * on the function) and {@code events:putEvents} ({@code events:PutEvents} on the bus). A refusal
     * is answered the way the runner turns into the task error Step Functions reports.
     */
    private Routes internalRoutes(StateMachineView machine, JsonMapper json) {
        Routes routes = new Routes(json);
        LocalEventBridge events = new LocalEventBridge(machine.role(), bus);
        routes.on("POST", "/internal/invoke", e -> {
            Map<String, Object> request = parse(json, e.bodyText());
            String name = String.valueOf(request.get("functionName"));
            Optional<FunctionView> target = deployment.function(name);
            String arn = name.startsWith("arn:") ? name : target.map(FunctionView::arn).orElse(name);
            Optional<String> denied = machine.role().denial("lambda:InvokeFunction", arn);
            if (denied.isPresent()) {
                routes.json(e, 400, taskError("Lambda.AWSLambdaException", v1Cause(denied.get(), "AWSLambda", 403,
                        "AccessDeniedException")));
                return;
            }
            if (target.isEmpty()) {
                routes.json(e, 404, taskError("Lambda.ResourceNotFoundException", v1Cause("Function not found: " + arn,
                        "AWSLambda", 404, "ResourceNotFoundException")));
                return;
            }
            LocalFunction function = functions.get(target.get().logicalId()).orElseThrow();
            try {
                routes.json(e, 200, invokeForWorkflow(function, json.writeValueAsBytes(request.get("payload"))));
            } catch (FunctionTimeout.TimedOut killed) {
                // Lambda ended the function: Step Functions sees no error of the function's own, only Lambda.Unknown.
                routes.json(e, 500, Map.of("errorType", FunctionTimeout.TimedOut.ERROR, "errorMessage", killed.getMessage()));
            } catch (RuntimeException functionError) {
                // The function's own error, for the runner to match against the state's Retry and Catch,
                // as Lambda reports it; a step failing is how retries are asked for, so no stack trace here.
                routes.json(e, 500, Map.of("errorType", functionError.getClass().getName(),
                        "errorMessage", String.valueOf(functionError.getMessage())));
            }
        });
        // Both only queue an event on a bus: they must not wait behind the function invocations.
        routes.onHandOff("POST", "/internal/execution-status", e -> {
            executionStatusChanged(parse(json, e.bodyText()));
            routes.json(e, 200, Map.of());
        });
        routes.onHandOff("POST", "/internal/put-events", e -> {
            Map<String, Object> request = parse(json, e.bodyText());
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (Object entry : (List<?>) request.getOrDefault("entries", List.of())) {
                Map<?, ?> m = (Map<?, ?>) entry;
                // Step Functions sends a Detail given as JSON as its text, as PutEvents takes it.
                Object detail = m.get("Detail");
                entries.add(PutEventsRequestEntry.builder()
                        .eventBusName(m.get("EventBusName") == null ? null : String.valueOf(m.get("EventBusName")))
                        .source(m.get("Source") == null ? null : String.valueOf(m.get("Source")))
                        .detailType(m.get("DetailType") == null ? null : String.valueOf(m.get("DetailType")))
                        .detail(detail == null || detail instanceof String ? (String) detail : new String(json.writeValueAsBytes(detail)))
                        .build());
            }
            PutEventsResponse response;
            try {
                response = events.putEvents(b -> b.entries(entries));
            } catch (EventBridgeException refused) {
                routes.json(e, 400, taskError("EventBridge.AmazonEventBridgeException", v1Cause(
                        refused.awsErrorDetails().errorMessage(), "AmazonEventBridge", refused.statusCode(),
                        refused.awsErrorDetails().errorCode())));
                return;
            }
            List<Map<String, String>> results = response.entries().stream().map(r -> r.errorCode() == null
                    ? Map.of("EventId", r.eventId())
                    : Map.of("ErrorCode", r.errorCode(), "ErrorMessage", String.valueOf(r.errorMessage()))).toList();
            routes.json(e, 200, Map.of("Entries", results, "FailedEntryCount", response.failedEntryCount()));
        });
        return routes;
    }

    private static Map<String, String> taskError(String errorType, String errorMessage) {
        return Map.of("errorType", errorType, "errorMessage", errorMessage);
    }

    /** A service error as Step Functions' integrations word the cause (the AWS SDK for Java 1.x format). */
    private static String v1Cause(String message, String service, int status, String code) {
        return message + " (Service: " + service + "; Status Code: " + status + "; Error Code: " + code
                + "; Request ID: " + UUID.randomUUID() + "; Proxy: null)";
    }

    private Routes publicRoutes(JsonMapper json) {
        // Bounds a caller meets here as in AWS: body limits per endpoint, a body timeout, and a cap on
        // requests at once (see Limits and Routes).
        Routes routes = new Routes(json).maxInFlight(Limits.MAX_IN_FLIGHT);
        IngestService ingest = functions.running(IngestHandler.class).bean(IngestService.class);
        SlackEndpoint slack = functions.running(InteractHandler.class).bean(SlackEndpoint.class);
        AlertStore store = alerts;
        Map<String, String> notAnAlertId = Map.of("error", "not an alert id: an alert id is 1 to "
                + AlertIds.MAX_LENGTH + " letters, digits, '-' or '_'");
        routes.on("GET", "/health", e -> routes.json(e, 200, Map.of("status", "ok")));
        Routes.Handler ingestHandler = e -> {
            IngestOutcome outcome;
            try (var invocation = LocalFunction.invocation()) {
                outcome = ingest.ingest(RawInput.of(e.body()));
            } catch (UnreadableInputException unreadable) {
                routes.json(e, 400, Map.of("error", unreadable.getMessage()));
                return;
            } catch (SignalInFlightException inFlight) {
                // Another request is publishing the same signal right now: busy, as SNS's HTTP delivery reads it,
                // so the sender retries (and then finds the signal published) instead of counting a failure.
                routes.json(e, 503, Map.of("error", inFlight.getMessage()));
                return;
            }
            if (outcome.confirmation() != null) {
                // Locally nobody can reach the topic's URL for us: show it so a person can confirm.
                LOG.info("SNS {} for {}: visit {} to confirm", outcome.confirmation().type(),
                        outcome.confirmation().topicArn(), outcome.confirmation().subscribeUrl());
            }
            routes.json(e, 200, outcome);
        };
        routes.on("POST", "/sns", Limits.SNS_MAX_BODY, ingestHandler);
        routes.on("POST", "/events", Limits.EVENTS_MAX_BODY, ingestHandler);
        Routes.Handler slackHandler = e -> {
            HttpReply reply;
            try (var invocation = LocalFunction.invocation()) {
                reply = slack.handle(e.path(), e.headers(), e.bodyText());
            }
            routes.text(e, reply.status(), reply.contentType(), reply.body());
        };
        routes.on("POST", "/slack/actions", Limits.SLACK_MAX_BODY, slackHandler);
        routes.on("POST", "/slack/commands", Limits.SLACK_MAX_BODY, slackHandler);
        routes.on("GET", "/executions/", e -> {
            String alertId = e.path().substring("/executions/".length());
            if (!AlertIds.wellFormed(alertId)) {
                routes.json(e, 400, notAnAlertId);
                return;
            }
            var execution = runner.describe(alertId);
            if (execution.isEmpty()) {
                routes.json(e, 404, Map.of("error", "no execution " + alertId));
                return;
            }
            routes.text(e, 200, "application/json", execution.get());
        });
        routes.on("POST", "/executions/", e -> {
            String rest = e.path().substring("/executions/".length());
            String name = rest.endsWith("/stop") ? rest.substring(0, rest.length() - "/stop".length()) : "";
            if (!AlertIds.wellFormed(name)) {
                routes.json(e, 404, Map.of("error", "POST /executions/{name}/stop is the only execution action"));
                return;
            }
            if (!stopExecution(name, "Klaxon.Stopped", "stopped through the local runtime's /executions/" + name + "/stop")) {
                routes.json(e, 404, Map.of("error", "no execution " + name));
                return;
            }
            routes.json(e, 200, Map.of("stopped", name));
        });
        routes.on("GET", "/alerts/", e -> {
            String alertId = e.path().substring("/alerts/".length());
            if (!AlertIds.wellFormed(alertId)) {
                routes.json(e, 400, notAnAlertId);
                return;
            }
            var alert = store.get(alertId);
            if (alert.isEmpty()) {
                routes.json(e, 404, Map.of("error", "no alert " + alertId));
                return;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            // The workflow's callback token stays server-side, even on this local view.
            view.put("alert", alert.get().taskToken() == null ? alert.get()
                    : alert.get().withTaskToken("(redacted)", alert.get().awaiting()));
            view.put("timeline", store.timeline(alertId));
            routes.json(e, 200, view);
        });
        return routes;
    }

    private static Map<String, Object> parse(JsonMapper json, String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(0, resource);
        return resource;
    }

    public int port() {
        return publicServer.port();
    }

    /** Where the state machine runner calls back ({@code …/invoke}, {@code …/put-events}). */
    java.net.URI internalUrl() {
        return java.net.URI.create("http://127.0.0.1:" + internalServer.port() + "/internal/");
    }

    /** The template as this runtime deployed it: each function's environment and role. */
    public LocalDeployment deployment() {
        return deployment;
    }

    /** A running function by logical id. */
    public LocalFunction function(String logicalId) {
        return functions.get(logicalId).orElseThrow(() -> new IllegalArgumentException("no function " + logicalId));
    }

    /** The alert table as the local doors read it (not through any function's role). */
    public AlertStore alerts() {
        return alerts;
    }

    public LocalBus bus() {
        return bus;
    }

    /** The account's default bus (Step Functions' status changes land here). */
    public LocalBus defaultBus() {
        return defaultBus;
    }

    public NodeRunner runner() {
        return runner;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
    }
}
