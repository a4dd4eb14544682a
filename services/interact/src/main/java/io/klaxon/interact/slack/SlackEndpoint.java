package io.klaxon.interact.slack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.slack.api.app_backend.SlackSignature;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.interact.ChannelRoutes;
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
    private final ChannelRoutes channelRoutes;
    private final ModalOpener modals;
    /** Clicks on a storm message (ADR 0014); null: a storm click is refused as unknown. */
    @Nullable
    private final StormClicks storms;

    /** Without routes or modals: {@code /klaxon list} finds no route, form menu entries say forms are unavailable. */
    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules) {
        this(verifier, service, json, schedules, new ChannelRoutes(schedules.source(), Map.of()));
    }

    /** Without a way to open modals: their menu entries answer the clicker that forms are unavailable. */
    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules,
                         ChannelRoutes channelRoutes) {
        this(verifier, service, json, schedules, channelRoutes,
                (triggerId, view) -> "Klaxon cannot open forms here; use /klaxon instead.");
    }

    /** Without routes: {@code /klaxon list} answers that no route posts to any channel. */
    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules,
                         ModalOpener modals) {
        this(verifier, service, json, schedules, new ChannelRoutes(schedules.source(), Map.of()), modals);
    }

    /** Without routes or modals, with storm clicks (tests of storm messages). */
    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules,
                         @Nullable StormClicks storms) {
        this(verifier, service, json, schedules, new ChannelRoutes(schedules.source(), Map.of()),
                (triggerId, view) -> "Klaxon cannot open forms here; use /klaxon instead.", storms);
    }

    /** Without storm clicks: a click on a storm message is refused as unknown. */
    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules,
                         ChannelRoutes channelRoutes, ModalOpener modals) {
        this(verifier, service, json, schedules, channelRoutes, modals, null);
    }

    @Inject
    public SlackEndpoint(RequestVerifier verifier, InteractService service, JsonMapper json, OnCallSchedules schedules,
                         ChannelRoutes channelRoutes, ModalOpener modals, @Nullable StormClicks storms) {
        this.verifier = verifier;
        this.service = service;
        this.json = json;
        this.schedules = schedules;
        this.channelRoutes = channelRoutes;
        this.modals = modals;
        this.storms = storms;
    }

    /** The answer to a modal submission Klaxon refuses: the messages show under the inputs (block id → text). */
    @Serdeable
    public record ModalErrors(@JsonProperty("response_action") String responseAction, Map<String, String> errors) {
        public static ModalErrors of(Map<String, String> errors) {
            return new ModalErrors("errors", errors);
        }
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
            if (isViewSubmission(payload)) {
                return viewSubmission(payload);
            }
            return blockActions(payload);
        } catch (BadRequestException e) {
            return badRequest(ACTIONS, e);
        }
    }

    private boolean isViewSubmission(String payloadJson) {
        try {
            var head = json.readValue(payloadJson, ViewSubmissionPayload.class);
            return head != null && ViewSubmissionPayload.TYPE.equals(head.type());
        } catch (IOException | RuntimeException e) {
            // Not even an interaction object: blockActions says so.
            return false;
        }
    }

    /**
     * A verified {@code view_submission} of one of Klaxon's modals: the command goes the same
     * version-guarded way as a click; invalid input or a refusal is answered on the modal itself
     * ({@code response_action: errors}), a success closes it (empty 200) and the workflow edits the
     * message and writes the thread.
     */
    public HttpReply viewSubmission(String payloadJson) {
        try {
            ViewSubmissionPayload payload;
            try {
                payload = json.readValue(payloadJson, ViewSubmissionPayload.class);
            } catch (IOException | RuntimeException e) {
                throw new BadRequestException("payload is not a valid view_submission JSON object", e);
            }
            Modals.Submission submission = Modals.decode(payload);
            if (!submission.valid()) {
                return HttpReply.json(encodeErrors(ModalErrors.of(submission.errors())));
            }
            InteractService.Feedback feedback;
            try (var log = LogContext.alertId(submission.alertId())) {
                feedback = service.submit(submission.alertId(), submission.command());
            }
            if (feedback.text() == null) {
                return HttpReply.ack();
            }
            String block = submission.command() instanceof Command.Reassign ? Modals.OWNER_BLOCK : Modals.NOTE_BLOCK;
            return HttpReply.json(encodeErrors(ModalErrors.of(Map.of(block, feedback.text()))));
        } catch (BadRequestException e) {
            return badRequest(ACTIONS, e);
        }
    }

    /**
     * A choice in one of the message's menus: a snooze for the chosen duration (told like a click),
     * or a modal opened at once with the click's trigger_id, which Slack honours for 3 s only.
     */
    private HttpReply menu(BlockActionsPayload payload) {
        Menus.Chosen chosen = Menus.decode(payload);
        try (var log = LogContext.alertId(chosen.alertId())) {
            switch (chosen) {
                case Menus.Snooze snooze -> {
                    if (snooze.choice().duration().isPresent()) {
                        service.click(snooze.alertId(), new Command.Snooze(snooze.actor(), snooze.version(),
                                snooze.choice().duration().get()), snooze.channelId(), snooze.responseUrl());
                    } else {
                        service.clickSnoozeUntil(snooze.alertId(), snooze.actor(), snooze.version(),
                                schedules::tomorrowMorning, snooze.channelId(), snooze.responseUrl());
                    }
                }
                case Menus.Modal modal -> {
                    String problem = modals.open(modal.triggerId(), Modals.view(modal.action(), modal.alertId(), modal.version()));
                    if (problem != null) {
                        service.tellOnly(modal.alertId(), modal.version(), modal.actor(), modal.channelId(),
                                modal.responseUrl(), problem);
                    }
                }
            }
        }
        return HttpReply.ack();
    }

    /** A verified {@code block_actions} payload (the JSON inside the {@code payload} field). */
    public HttpReply blockActions(String payloadJson) {
        try {
            BlockActionsPayload decoded = decodePayload(payloadJson);
            Optional<StormClicks.StormClick> stormClick = storms == null ? Optional.empty() : StormPayloads.decode(decoded);
            if (stormClick.isPresent()) {
                storms.click(stormClick.get());
                return HttpReply.ack();
            }
            if (BlockActionsPayload.TYPE.equals(decoded.type()) && Menus.isMenu(decoded)) {
                return menu(decoded);
            }
            Clicks.Click click = Clicks.decode(decoded);
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
                case SlashCommand.ListOpen list -> {
                    String channel = fields.get("channel_id");
                    yield service.list(channel, channelRoutes.source(), channelRoutes.routes(channel));
                }
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

    private String encodeErrors(ModalErrors errors) {
        try {
            return json.writeValueAsString(errors);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a modal's errors", e);
        }
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
