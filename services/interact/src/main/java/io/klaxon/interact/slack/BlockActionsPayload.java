package io.klaxon.interact.slack;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * The part of Slack's {@code block_actions} interaction payload that Klaxon reads. Slack sends many
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
        @Nullable List<Action> actions) {

    public static final String TYPE = "block_actions";

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

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Action(@Nullable String actionId, @Nullable String value, @Nullable String type) {
    }
}
