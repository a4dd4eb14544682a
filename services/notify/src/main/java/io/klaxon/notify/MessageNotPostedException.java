package io.klaxon.notify;

/**
 * A step that renders an existing message ran before the occurrence's own workflow posted it: an
 * announcement (a click or a recovery in the first seconds), or the render of a refire counted by
 * another execution while the opener is still posting. Only the occurrence's {@code post} step posts
 * the message, once, so these wait: the workflow's {@code Retry} on those states names this class.
 * A step that may post ({@code post}, an announcement without a change) also waits while another
 * attempt holds the post's lease ({@code NotifyService.POST_LEASE}), or won its takeover.
 */
public class MessageNotPostedException extends RuntimeException {
    public MessageNotPostedException(String alertId) {
        super("alert " + alertId + " has no Slack message yet; its workflow posts it first");
    }
}
