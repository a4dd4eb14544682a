package io.klaxon.slack.render;

import com.slack.api.model.Attachment;
import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/**
 * A rendered alert message, ready for {@code chat.postMessage} / {@code chat.update}.
 *
 * @param text        the plain-text fallback Slack uses for notifications and screen readers
 *                    (mrkdwn-escaped, like every text field)
 * @param blocks      the top-level blocks: what a responder must see and act on
 * @param attachments one coloured attachment holding the details (Slack colours a bar only there)
 */
public record SlackMessage(String text, List<LayoutBlock> blocks, List<Attachment> attachments) {

    public SlackMessage {
        blocks = List.copyOf(blocks);
        attachments = List.copyOf(attachments);
    }

    /** Blocks in all, top level and inside attachments. */
    public int blockCount() {
        return blocks.size() + attachments.stream().mapToInt(a -> a.getBlocks() == null ? 0 : a.getBlocks().size()).sum();
    }
}
