package io.klaxon.interact.slack;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.Map;

/**
 * The part of Slack's {@code view_submission} payload that Klaxon reads: who submitted which of
 * Klaxon's modals, for which alert (its {@code private_metadata}), with what input. Unknown fields
 * are ignored.
 *
 * @see <a href="https://api.slack.com/reference/interaction-payloads/views">view_submission payload</a>
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ViewSubmissionPayload(String type, @Nullable BlockActionsPayload.User user, @Nullable View view) {

    public static final String TYPE = "view_submission";

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record View(@Nullable String callbackId, @Nullable String privateMetadata, @Nullable State state) {
    }

    /** {@code values}: block_id → action_id → what the input holds. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record State(@Nullable Map<String, Map<String, Value>> values) {
    }

    /** A plain text input sends {@code value}; a users_select {@code selected_user}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Value(@Nullable String type, @Nullable String value, @Nullable String selectedUser) {
    }

    /** The input of {@code blockId}/{@code actionId}, null when the block or the input is absent. */
    @Nullable
    public Value input(String blockId, String actionId) {
        if (view == null || view.state() == null || view.state().values() == null) {
            return null;
        }
        Map<String, Value> block = view.state().values().get(blockId);
        return block == null ? null : block.get(actionId);
    }
}
