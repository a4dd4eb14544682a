package io.klaxon.interact.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.view.View;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code views.open} through the Slack SDK, whose HTTP client has a short timeout (see InteractFactory). */
public class SlackModalOpener implements ModalOpener {

    private static final Logger LOG = LoggerFactory.getLogger(SlackModalOpener.class);
    static final String FAILED = "Klaxon could not open the form just now (Slack did not answer in time). Nothing was changed; try again.";

    private final MethodsClient methods;

    public SlackModalOpener(MethodsClient methods) {
        this.methods = methods;
    }

    @Override
    public String open(String triggerId, View view) {
        try {
            ViewsOpenResponse response = methods.viewsOpen(r -> r.triggerId(triggerId).view(view));
            if (response.isOk()) {
                return null;
            }
            // expired_trigger_id: the click is older than 3 s by the time Slack saw the call.
            LOG.warn("views.open refused callback={}: {}", view.getCallbackId(), response.getError());
            return "Klaxon could not open the form (" + response.getError() + "). Nothing was changed; try again.";
        } catch (IOException | SlackApiException | RuntimeException e) {
            LOG.warn("views.open failed callback={}: {}", view.getCallbackId(), e.toString());
            return FAILED;
        }
    }
}
