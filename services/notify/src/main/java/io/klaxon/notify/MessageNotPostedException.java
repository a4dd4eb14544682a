package io.klaxon.notify;

/**
 * An announcement arrived before the occurrence's own workflow posted its message (a click or a
 * recovery in the first seconds). Announcements never post the message — only the occurrence's
 * workflow does, once — so the announcement waits: the workflow's {@code Retry} names this class.
 */
public class MessageNotPostedException extends RuntimeException {
    public MessageNotPostedException(String alertId) {
        super("alert " + alertId + " has no Slack message yet; its workflow posts it first");
    }
}
