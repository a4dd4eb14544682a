package io.klaxon.interact.slack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.slack.api.app_backend.SlackSignature;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.interact.InteractService;
import io.klaxon.interact.OnCallSchedules;
import io.klaxon.logging.LogContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.klaxon.interact.StormClicks;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.klaxon.slack.AlertAction;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Klaxon's Slack HTTP surface, shared by the Lambda handler and the local runtime:
 * {@value #ACTIONS} (interactivity: button clicks) and {@value #COMMANDS} (the slash command).
 * Every request is checked against Slack's signature over the raw body before anything is decoded.
 */
@Singleton
public class SlackEndpoint {

    public static final String ACTIONS = "/slack/actions";
    public static final String COMMANDS = "/slack/commands";

    private static final Logger LOG = LoggerFactory.getLogger(SlackEndpoint.class);

    private final RequestVerifier verifier;
    private final InteractService service;
    private final JsonMapper json;
    private final OnCallSchedules schedules;
    /** Clicks on a storm message (ADR 0014); null: a storm click is refused as unknown. */
    @Nullable
    private final StormClicks storms;

    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules) {
        this(verifier, service, json, schedules, null);
    }

    @Inject
    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules,
                         @Nullable StormClicks storms) {
        this.verifier = verifier;
        this.service = service;
        this.json = json;
        this.schedules = schedules;
        this.storms = storms;
    }

    /** Slack's immediate, ephemeral response to a slash command. */
    @Serdeable
    public record SlashResponse(@JsonProperty("response_type") String responseType, String text) {
        public static SlashResponse ephemeral(String text) {
            return new SlashResponse("ephemeral", text);
        }
    }

    /**
     * @param path    the request path; a stage prefix ({@code /prod/slack/actions}) is tolerated
     * @param headers request headers, names in any case
     * @param rawBody the body exactly as received (the signature covers these bytes)
     */
    public HttpReply handle(String path, Map<String, String> headers, @Nullable String rawBody) {
        Route route = route(path);
        if (route == null) {
            return HttpReply.error(404, "no such path; Klaxon serves " + ACTIONS + " and " + COMMANDS);
        }
        String body = rawBody == null ? "" : rawBody;
        Map<String, String> h = caseInsensitive(headers);
        RequestVerifier.Verdict verdict = verifier.verify(h.get(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP),
                h.get(SlackSignature.HeaderNames.X_SLACK_SIGNATURE), body);
        if (verdict == RequestVerifier.Verdict.REPLAYED) {
            // Not Slack (it signs every request anew): someone sent a captured request again.
            LOG.warn("refusing Slack request on {}: {}", route.path, verdict);
            return HttpReply.error(401, "this signed Slack request was already received; a replay changes nothing");
        }
        if (!verdict.valid()) {
            if (verdict == RequestVerifier.Verdict.NOT_CONFIGURED) {
                LOG.error("refusing Slack request on {}: no signing secret is configured (SLACK_SIGNING_SECRET or SLACK_SIGNING_SECRET_SECRET_ARN)", route.path);
            } else {
                LOG.warn("refusing Slack request on {}: {}", route.path, verdict);
            }
            return HttpReply.error(401, "invalid Slack request signature");
        }
        try {
            Map<String, String> form = FormBody.parse(body);
            return route == Route.ACTIONS ? actions(form) : slashCommand(form);
        } catch (BadRequestException e) {
            return badRequest(route.path, e);
        } catch (RuntimeException e) {
            // Slack shows its own error for a 500; the log says what broke, without the payload.
            LOG.error("failed to handle Slack request on {}", route.path, e);
            return HttpReply.error(500, "Klaxon could not handle this request");
        }
    }

    /**
     * A verified interactivity request: its form fields (only {@code payload} is read). Also the
     * entry for Slack's Socket Mode, whose connection is authenticated instead of signed.
     */
    public HttpReply actions(Map<String, String> form) {
        try {
            String payload = form.get("payload");
            if (payload == null || payload.isBlank()) {
                throw new BadRequestException("expected a form field 'payload' holding the interaction JSON");
            }
            return blockActions(payload);
        } catch (BadRequestException e) {
            return badRequest(ACTIONS, e);
        }
    }

    /** A verified {@code block_actions} payload (the JSON inside the {@code payload} field). */
    public HttpReply blockActions(String payloadJson) {
        try {
            BlockActionsPayload payload = decodePayload(payloadJson);
            Optional<StormClicks.StormClick> stormClick = storms == null ? Optional.empty() : StormPayloads.decode(payload);
            if (stormClick.isPresent()) {
                storms.click(stormClick.get());
                return HttpReply.ack();
            }
            Clicks.Click click = Clicks.decode(payload);
            try (var log = LogContext.alertId(click.alertId())) {
                service.click(click.alertId(), click.command(), click.channelId(), click.responseUrl());
            }
            // Acknowledge with an empty 200 at once: on success the workflow edits the message,
            // otherwise a tell execution answers the clicker. Nothing on this path waits on Slack.
            return HttpReply.ack();
        } catch (BadRequestException e) {
            return badRequest(ACTIONS, e);
        }
    }

    /**
     * A verified slash command: its form fields ({@code command}, {@code text}, {@code user_id},
     * {@code user_name}, {@code channel_id}, …). Also the entry for Socket Mode.
     */
    public HttpReply slashCommand(Map<String, String> fields) {
        try {
            String userId = fields.get("user_id");
            if (userId == null || userId.isBlank()) {
                throw new BadRequestException("slash command has no user_id");
            }
            String text = switch (SlashCommand.parse(fields.get("text"))) {
                case SlashCommand.Help help -> Replies.help(fields.get("command"), help.problem());
                case SlashCommand.OnCall onCall -> Replies.onCall(schedules.lookup(onCall.schedules()));
                case SlashCommand.Status status -> {
                    try (var log = LogContext.alertId(status.alertId())) {
                        yield service.status(status.alertId());
                    }
                }
                case SlashCommand.SnoozeUntilTomorrow snooze -> {
                    try (var log = LogContext.alertId(snooze.alertId())) {
                        yield service.snoozeUntil(snooze.alertId(), Actor.slack(userId, fields.get("user_name")),
                                schedules::tomorrowMorning).text();
                    }
                }
                case SlashCommand.Note note -> {
                    try (var log = LogContext.alertId(note.alertId())) {
                        Command command = new Command.Note(Actor.slack(userId, fields.get("user_name")), null, note.text());
                        yield service.typed(note.alertId(), command).text();
                    }
                }
                case SlashCommand.Assign assign -> {
                    try (var log = LogContext.alertId(assign.alertId())) {
                        Command command = new Command.Reassign(Actor.slack(userId, fields.get("user_name")), null,
                                Actor.slack(assign.userId(), assign.userName()));
                        yield service.typed(assign.alertId(), command).text();
                    }
                }
                case SlashCommand.Act act -> {
                    Actor actor = Actor.slack(userId, fields.get("user_name"));
                    // Typed by hand: no version was seen, so the command applies to the current one.
                    Command command = Clicks.command(act.action(), actor, null, act.snooze());
                    yield service.typed(act.alertId(), command).text();
                }
            };
            return HttpReply.json(encode(SlashResponse.ephemeral(text)));
        } catch (BadRequestException e) {
            return badRequest(COMMANDS, e);
        }
    }

    /**
     * Runs one synthetic click and one slash command through signing, form and JSON decoding and
     * the reply encoding — everything but the store, the workflow and Slack — so that those classes
     * are loaded and warmed before a SnapStart snapshot is taken.
     */
    void prime() {
        var payload = new BlockActionsPayload(BlockActionsPayload.TYPE,
                new BlockActionsPayload.User("UPRIMING", "priming", null), new BlockActionsPayload.Channel("CPRIMING"),
                new BlockActionsPayload.Container("message", "CPRIMING", "0.0"),
                List.of(new BlockActionsPayload.Action(AlertAction.CLAIM.actionId(), AlertAction.value("priming", 1),
                        "button")));
        String form;
        try {
            form = "payload=" + URLEncoder.encode(json.writeValueAsString(payload), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the priming payload", e);
        }
        String[] headers = verifier.signNow(form);
        if (headers != null) {
            verifier.verify(headers[0], headers[1], form);
        }
        Clicks.decode(decodePayload(FormBody.parse(form).get("payload")));
        SlashCommand.parse("snooze priming 30m");
        encode(SlashResponse.ephemeral(Replies.help("/klaxon", null)));
    }

    private BlockActionsPayload decodePayload(String payloadJson) {
        BlockActionsPayload payload;
        try {
            payload = json.readValue(payloadJson, BlockActionsPayload.class);
        } catch (IOException | RuntimeException e) {
            throw new BadRequestException("payload is not a valid interaction JSON object", e);
        }
        if (payload == null) {
            throw new BadRequestException("payload is not a valid interaction JSON object");
        }
        return payload;
    }

    private String encode(SlashResponse response) {
        try {
            return json.writeValueAsString(response);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a slash command response", e);
        }
    }

    private static HttpReply badRequest(String path, BadRequestException e) {
        LOG.warn("bad Slack request on {}: {}", path, e.getMessage());
        return HttpReply.error(400, e.getMessage());
    }

    private enum Route {
        ACTIONS(SlackEndpoint.ACTIONS), COMMANDS(SlackEndpoint.COMMANDS);

        final String path;

        Route(String path) {
            this.path = path;
        }
    }

    @Nullable
    private static Route route(@Nullable String path) {
        if (path == null) {
            return null;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Route r : Route.values()) {
            if (p.equals(r.path) || p.endsWith(r.path)) {
                return r;
            }
        }
        return null;
    }

    private static Map<String, String> caseInsensitive(@Nullable Map<String, String> headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    h.putIfAbsent(k, v);
                }
            });
        }
        return h;
    }
}
