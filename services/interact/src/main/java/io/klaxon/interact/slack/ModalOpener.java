package io.klaxon.interact.slack;

import com.slack.api.model.view.View;

/**
 * Opens a modal for the person who clicked, with {@code views.open} and the click's
 * {@code trigger_id} (valid for 3 s). The one Slack call on interact's request path (ADR 0007,
 * amendment): it is the clicker's own request, bounded by a short timeout, and losing it loses
 * nothing (nothing was recorded; they click again).
 */
public interface ModalOpener {

    /**
     * @return null when the modal opened; otherwise why not, in a sentence for the clicker
     */
    String open(String triggerId, View view);
}
