package io.klaxon.interact.slack;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * The part of Slack's {@code block_actions} interaction payload that Klaxon reads: who clicked
 * which button where, and the {@code response_url} through which that click may be answered. Slack sends many
 * more fields (and adds new ones); unknown fields are ignored.
 *
 * @see <a href="https://api.slack.com/reference/interaction-payloads/block-actions">block_actions payload</a>
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record BlockActionsPayload(
        String type,
        @Nullable User user,
        @Nullable Channel channel,
        @Nullable Container container,
        @Nullable List<Action> actions,
        @Nullable String responseUrl,
        @Nullable String triggerId) {

    public static final String TYPE = "block_actions";

    /** A payload without a {@code response_url} (Slack always sends one with a message's buttons). */
    public BlockActionsPayload(String type, @Nullable User user, @Nullable Channel channel,
                               @Nullable Container container, @Nullable List<Action> actions) {
        this(type, user, channel, container, actions, null, null);
    }

    /** A payload without a {@code trigger_id} (the only use of it: opening a modal within 3 s). */
    public BlockActionsPayload(String type, @Nullable User user, @Nullable Channel channel,
                               @Nullable Container container, @Nullable List<Action> actions,
                               @Nullable String responseUrl) {
        this(type, user, channel, container, actions, responseUrl, null);
    }

    /** The constructor JSON decoding uses (a record with a second constructor must name it). */
    @Creator
    public BlockActionsPayload {
    }

    /** {@code username} in most payloads; Enterprise Grid installs may only send {@code name}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record User(@Nullable String id, @Nullable String username, @Nullable String name) {
        @Nullable
        public String displayName() {
            return username != null && !username.isBlank() ? username : name;
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Channel(@Nullable String id) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Container(@Nullable String type, @Nullable String channelId, @Nullable String messageTs) {
    }

    /**
     * @param selectedOption what a select or overflow menu sent (they carry no {@code value} of their
     *                       own): a snooze choice, a modal action, a storm message's "open as its own message"
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Action(@Nullable String actionId, @Nullable String value, @Nullable String type,
                         @Nullable SelectedOption selectedOption) {
        public Action(@Nullable String actionId, @Nullable String value, @Nullable String type) {
            this(actionId, value, type, null);
        }

        @Creator
        public Action {
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record SelectedOption(@Nullable String value) {
    }
}
