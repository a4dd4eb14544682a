package io.klaxon.local;

import io.klaxon.aws.dynamodb.AlertTable;
import io.klaxon.aws.dynamodb.local.EmbeddedDynamoDb;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.ingest.IngestOutcome;
import io.klaxon.ingest.IngestService;
import io.klaxon.ingest.UnreadableInputException;
import io.klaxon.interact.slack.AlertIds;
import io.klaxon.interact.slack.SlackEndpoint;
import io.klaxon.local.bus.LocalBus;
import io.klaxon.local.http.Limits;
import io.klaxon.local.http.Routes;
import io.klaxon.local.slack.SocketModeBridge;
import io.klaxon.local.template.TemplateModel;
import io.klaxon.local.workflow.LocalFunctions;
import io.klaxon.local.workflow.LocalWorkflowResumer;
import io.klaxon.local.workflow.LocalWorkflowStarter;
import io.klaxon.local.workflow.NodeRunner;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
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
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Klaxon on one machine: the same handler classes and the same ASL file as in AWS, on DynamoDB
 * Local, an Event Ruler bus wired from the template, and aws-local-stepfunctions on Node.
 *
 * <pre>
 *  POST /sns, /events ─▶ ingest ─▶ LocalBus ─(template rules)─▶ Node runner (ASL) ─▶ /internal/invoke ─▶ handlers
 *  POST /slack/*      ─▶ interact ─▶ DynamoDB Local + SendTaskSuccess ─▶ Node runner
 * </pre>
 */
public final class LocalRuntime implements AutoCloseable {

    public static final String ENVIRONMENT = "local";
    public static final String TABLE = "klaxon";
    public static final String BUS = "klaxon";
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private ApplicationContext context;
    private LocalBus bus;
    private NodeRunner runner;
    private Routes publicServer;

    private LocalRuntime() {
    }

    public static LocalRuntime start(LocalConfig config) {
        LocalRuntime runtime = new LocalRuntime();
        try {
            runtime.boot(config);
            return runtime;
        } catch (RuntimeException | IOException e) {
            runtime.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void boot(LocalConfig config) throws IOException {
        TemplateModel template = TemplateModel.load(config.home().resolve("sam/template.yaml"));

        EmbeddedDynamoDb dynamoDb = track(EmbeddedDynamoDb.start());
        AlertTable.create(dynamoDb.client(), TABLE);

        JsonMapper json = JsonMapper.createDefault();
        bus = track(new LocalBus(template.busRules(), json, Clock.systemUTC(), "000000000000", "local"));
        LocalWorkflowResumer resumer = new LocalWorkflowResumer();
        LocalWorkflowStarter starter = new LocalWorkflowStarter();

        context = ApplicationContext.builder()
                .environments(ENVIRONMENT)
                .properties(properties(config, dynamoDb))
                .singletons(dynamoDb, bus, resumer, starter)
                .start();
        resources.add(0, context);
        json = context.getBean(JsonMapper.class);
        LocalFunctions functions = new LocalFunctions(context, json);

        Routes internal = track(internalRoutes(template, functions, json)
                .start("127.0.0.1", 0, 4, "klaxon-local-internal"));
        Path substitutions = Files.createTempFile("klaxon-substitutions", ".json");
        substitutions.toFile().deleteOnExit();
        Files.write(substitutions, json.writeValueAsBytes(template.definitionSubstitutions(Map.of("EventBusName", BUS))));
        runner = track(NodeRunner.start(config.node(), config.home().resolve("statemachines/local/runner.mjs"),
                template.definitionPath(), substitutions,
                java.net.URI.create("http://127.0.0.1:" + internal.port() + "/internal"), Duration.ofSeconds(30), json));
        resumer.bind(runner);
        starter.bind(runner);

        connectBusTargets(template, functions, json);
        publicServer = track(publicRoutes(json).start("127.0.0.1", config.port(), 8, "klaxon-local-http"));
        if (!config.slackAppToken().isBlank()) {
            SlackEndpoint slack = context.getBean(SlackEndpoint.class);
            track(SocketModeBridge.connect(config.slackAppToken(), config.slackApiUrl(), config.slackSigningSecret(),
                    (path, headers, body) -> {
                        var reply = slack.handle(path, headers, body);
                        return new SocketModeBridge.Reply(reply.status(), reply.body());
                    }, json, Clock.systemUTC()));
        }
    }

    private static Map<String, Object> properties(LocalConfig config, EmbeddedDynamoDb dynamoDb) {
        Map<String, Object> p = new HashMap<>();
        p.put("aws.region", "us-east-1");
        p.put("dynamodb.endpoint", dynamoDb.endpoint().toString());
        p.put("klaxon.table", TABLE);
        p.put("klaxon.bus", BUS);
        p.put("klaxon.channel", config.channel());
        p.put("klaxon.escalate.after.seconds", config.escalateAfterSeconds());
        p.put("klaxon.remind.after.seconds", config.remindAfterSeconds());
        p.put("klaxon.escalation.mentions", config.escalationMentions());
        p.put("slack.bot.token", config.slackBotToken());
        p.put("slack.api.url", config.slackApiUrl());
        p.put("slack.signing.secret", config.slackSigningSecret());
        return p;
    }

    /** The rules' targets: the state machine runs in the Node runner, functions run in this JVM. */
    private void connectBusTargets(TemplateModel template, LocalFunctions functions, JsonMapper json) {
        String stateMachine = template.stateMachineLogicalId();
        bus.connect(stateMachine, event -> runner.startExecution(UUID.randomUUID().toString(), parse(json, event)));
        for (TemplateModel.BusRule rule : template.busRules()) {
            template.handlerOf(rule.targetLogicalId()).filter(functions::runs).ifPresent(handler ->
                    bus.connect(rule.targetLogicalId(), event -> functions.invoke(handler, event.getBytes())));
        }
    }

    private Routes internalRoutes(TemplateModel template, LocalFunctions functions, JsonMapper json) {
        Routes routes = new Routes(json);
        routes.on("POST", "/internal/invoke", e -> {
            Map<String, Object> request = parse(json, e.bodyText());
            String function = String.valueOf(request.get("functionName"));
            String handler = template.handlerOf(function)
                    .orElseThrow(() -> new IllegalArgumentException("the template has no function " + function));
            routes.json(e, 200, functions.invoke(handler, json.writeValueAsBytes(request.get("payload"))));
        });
        routes.on("POST", "/internal/put-events", e -> {
            Map<String, Object> request = parse(json, e.bodyText());
            List<BusEvent<Object>> events = new ArrayList<>();
            for (Object entry : (List<?>) request.getOrDefault("entries", List.of())) {
                Map<?, ?> m = (Map<?, ?>) entry;
                Object detail = m.get("Detail") instanceof String s ? parse(json, s) : m.get("Detail");
                events.add(new BusEvent<>(String.valueOf(m.get("Source")), String.valueOf(m.get("DetailType")), detail));
            }
            bus.publish(events);
            List<Map<String, String>> ids = events.stream().map(x -> Map.of("EventId", UUID.randomUUID().toString())).toList();
            routes.json(e, 200, Map.of("Entries", ids, "FailedEntryCount", 0));
        });
        return routes;
    }

    private Routes publicRoutes(JsonMapper json) {
        // Bounds a caller meets here as in AWS: body limits per endpoint, a body timeout, and a cap on
        // requests at once (see Limits and Routes).
        Routes routes = new Routes(json).maxInFlight(Limits.MAX_IN_FLIGHT);
        IngestService ingest = context.getBean(IngestService.class);
        SlackEndpoint slack = context.getBean(SlackEndpoint.class);
        AlertStore store = context.getBean(AlertStore.class);
        Map<String, String> notAnAlertId = Map.of("error", "not an alert id: an alert id is 1 to "
                + AlertIds.MAX_LENGTH + " letters, digits, '-' or '_'");
        routes.on("GET", "/health", e -> routes.json(e, 200, Map.of("status", "ok")));
        Routes.Handler ingestHandler = e -> {
            IngestOutcome outcome;
            try {
                outcome = ingest.ingest(e.bodyText());
            } catch (UnreadableInputException unreadable) {
                routes.json(e, 400, Map.of("error", unreadable.getMessage()));
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
            var reply = slack.handle(e.path(), e.headers(), e.bodyText());
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

    public ApplicationContext context() {
        return context;
    }

    public LocalBus bus() {
        return bus;
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
