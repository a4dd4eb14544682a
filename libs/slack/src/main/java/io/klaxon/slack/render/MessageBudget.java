package io.klaxon.slack.render;

/**
 * Slack's message limits, and what is left of them while a message is being built. The renderer
 * asks the budget before adding each optional block, in order of importance, so an oversized alert
 * loses its least useful details first and never fails to page (ADR 0003).
 */
final class MessageBudget {

    /** Slack rejects a message with more than 50 blocks. */
    static final int MAX_BLOCKS = 50;
    /** Slack's limit for a section's text (and our cap for any one text object). */
    static final int MAX_SECTION = 3000;
    /** Slack's limit for a section field and a context element's text. */
    static final int MAX_FIELD = 2000;
    /** Slack's limit for a header's text. */
    static final int MAX_HEADER = 150;
    /** Button labels (Slack allows 75). */
    static final int MAX_BUTTON = 75;
    /**
     * Our own cap on all text in one message. Slack accepts more, but a message much longer than
     * this is unreadable at 3 a.m. and slows every client that renders it.
     */
    static final int MAX_TOTAL = 12_000;

    private int blocksLeft = MAX_BLOCKS;
    private int charsLeft = MAX_TOTAL;

    /** Reserves room for text that must be in the message whatever happens. */
    void spend(int blocks, int chars) {
        blocksLeft -= blocks;
        charsLeft -= chars;
    }

    /** Whether one more block with at least {@code minChars} characters still fits. */
    boolean fits(int minChars) {
        return blocksLeft >= 1 && charsLeft >= minChars;
    }

    /** The characters a block may still use, capped by {@code perBlock}. */
    int room(int perBlock) {
        return Math.max(0, Math.min(perBlock, charsLeft));
    }

    int blocksLeft() {
        return blocksLeft;
    }

    int charsLeft() {
        return charsLeft;
    }
}
