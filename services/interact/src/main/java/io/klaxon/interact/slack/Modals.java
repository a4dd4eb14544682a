package io.klaxon.interact.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.usersSelect;
import com.slack.api.model.view.Views;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.slack.AlertAction;
import io.klaxon.slack.MessageMenu.ModalAction;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Klaxon's three modals: reassign (a user picker), add a note (a text), resolve with an optional
 * resolution note. A modal carries {@code <alertId>:<version>} in its {@code private_metadata}, as a
 * button carries it in its value, so its submission goes through the same version-guarded command as
 * a click and never wins against a newer alert.
 */
public final class Modals {

    public static final String CALLBACK_PREFIX = "klaxon.modal.";
    public static final String OWNER_BLOCK = "klaxon.owner";
    public static final String OWNER_INPUT = "klaxon.owner.pick";
    public static final String NOTE_BLOCK = "klaxon.note";
    public static final String NOTE_INPUT = "klaxon.note.text";
    /** Slack's own bound for a plain-text input; the submission is checked against it too. */
    public static final int MAX_NOTE = 2000;

    private Modals() {
    }

    /** The modal for {@code action} on an alert at the version the clicker saw. */
    public static View view(ModalAction action, String alertId, long version) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String title;
        String submit;
        switch (action) {
            case REASSIGN -> {
                title = "Reassign alert";
                submit = "Reassign";
                blocks.add(input(i -> i.blockId(OWNER_BLOCK).label(plainText("New owner"))
                        .element(usersSelect(u -> u.actionId(OWNER_INPUT).placeholder(plainText("Pick a person"))))));
            }
            case NOTE -> {
                title = "Add a note";
                submit = "Add note";
                blocks.add(input(i -> i.blockId(NOTE_BLOCK).label(plainText("Note"))
                        .element(plainTextInput(t -> t.actionId(NOTE_INPUT).multiline(true).maxLength(MAX_NOTE)))));
            }
            case RESOLVE_WITH_NOTE -> {
                title = "Resolve alert";
                submit = "Resolve";
                blocks.add(section(s -> s.text(markdownText("The alert is resolved; the note goes into its thread."))));
                blocks.add(input(i -> i.blockId(NOTE_BLOCK).optional(true).label(plainText("Resolution note"))
                        .element(plainTextInput(t -> t.actionId(NOTE_INPUT).multiline(true).maxLength(MAX_NOTE)))));
            }
            default -> throw new IllegalArgumentException("no modal for " + action);
        }
        String t = title;
        String s = submit;
        return Views.view(v -> v.type("modal").callbackId(CALLBACK_PREFIX + action.code())
                .privateMetadata(AlertAction.value(alertId, version))
                .title(viewTitle(vt -> vt.type("plain_text").text(t)))
                .submit(viewSubmit(vs -> vs.type("plain_text").text(s)))
                .close(viewClose(vc -> vc.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    /**
     * A submission decoded: the command for the alert it names, or the input errors to show
     * ({@code response_action: errors}, block id → message).
     */
    public record Submission(String alertId, @Nullable Command command, Map<String, String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @throws BadRequestException when the payload is not a submission of one of Klaxon's modals
     */
    public static Submission decode(ViewSubmissionPayload payload) {
        ViewSubmissionPayload.View view = payload.view();
        if (view == null || view.callbackId() == null || !view.callbackId().startsWith(CALLBACK_PREFIX)) {
            throw new BadRequestException("view_submission of an unknown view '"
                    + Clicks.echo(view == null ? null : view.callbackId()) + "'");
        }
        String code = view.callbackId().substring(CALLBACK_PREFIX.length());
        ModalAction action = Optional.ofNullable(code).flatMap(io.klaxon.slack.MessageMenu::modalAction)
                .orElseThrow(() -> new BadRequestException("view_submission of an unknown view '"
                        + Clicks.echo(view.callbackId()) + "'"));
        AlertAction.Target target = AlertAction.parseValue(view.privateMetadata())
                .filter(t -> AlertIds.wellFormed(t.alertId()))
                .orElseThrow(() -> new BadRequestException("view private_metadata '"
                        + Clicks.echo(view.privateMetadata()) + "' is not <alertId>:<version>"));
        BlockActionsPayload.User user = payload.user();
        if (user == null || !Clicks.notBlank(user.id())) {
            throw new BadRequestException("view_submission payload has no user id");
        }
        Actor actor = Actor.slack(user.id(), user.displayName());
        return switch (action) {
            case REASSIGN -> {
                ViewSubmissionPayload.Value picked = payload.input(OWNER_BLOCK, OWNER_INPUT);
                String owner = picked == null ? null : picked.selectedUser();
                if (!Clicks.notBlank(owner)) {
                    yield new Submission(target.alertId(), null, Map.of(OWNER_BLOCK, "Pick the person to hand the alert to."));
                }
                if (!owner.matches("[UW][A-Z0-9]{2,30}")) {
                    yield new Submission(target.alertId(), null, Map.of(OWNER_BLOCK, "That is not a Slack user."));
                }
                yield new Submission(target.alertId(), new Command.Reassign(actor, target.version(), Actor.slack(owner, null)),
                        Map.of());
            }
            case NOTE -> {
                String text = note(payload);
                if (text == null) {
                    yield new Submission(target.alertId(), null, Map.of(NOTE_BLOCK, "Write the note."));
                }
                if (text.length() > MAX_NOTE) {
                    yield new Submission(target.alertId(), null, Map.of(NOTE_BLOCK, tooLong(text)));
                }
                yield new Submission(target.alertId(), new Command.Note(actor, target.version(), text), Map.of());
            }
            case RESOLVE_WITH_NOTE -> {
                String text = note(payload);
                if (text != null && text.length() > MAX_NOTE) {
                    yield new Submission(target.alertId(), null, Map.of(NOTE_BLOCK, tooLong(text)));
                }
                yield new Submission(target.alertId(), new Command.Resolve(actor, target.version(), text), Map.of());
            }
        };
    }

    private static String tooLong(String text) {
        return "At most " + MAX_NOTE + " characters (this has " + text.length() + ").";
    }

    /** The note as written, trimmed; null when empty. */
    @Nullable
    private static String note(ViewSubmissionPayload payload) {
        ViewSubmissionPayload.Value input = payload.input(NOTE_BLOCK, NOTE_INPUT);
        String text = input == null || input.value() == null ? null : input.value().strip();
        return text == null || text.isEmpty() ? null : text;
    }
}
