package io.klaxon.interact.testing;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.slack.SlackGateway;
import io.klaxon.slack.SlackUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Slack gateway that records what Klaxon would have said; it can play a Slack outage. */
public class RecordingSlackGateway implements SlackGateway {

    public record Ephemeral(String channel, String userId, String text) {
    }

    private final List<Ephemeral> ephemerals = new ArrayList<>();
    private final List<Alert> updates = new ArrayList<>();
    private final List<Alert> posts = new ArrayList<>();
    private final List<TimelineEntry> replies = new ArrayList<>();
    private boolean down;

    @Override
    public synchronized MessageRef post(Alert alert) {
        failIfDown();
        posts.add(alert);
        return new MessageRef(alert.channel(), "1700000000.000100");
    }

    /** Interact never posts the message, so it never looks one up. */
    @Override
    public synchronized Optional<MessageRef> findPosted(Alert alert, Instant since) {
        failIfDown();
        return Optional.empty();
    }

    @Override
    public synchronized void update(Alert alert) {
        failIfDown();
        updates.add(alert);
    }

    @Override
    public synchronized void reply(Alert alert, TimelineEntry entry, List<String> mentions) {
        failIfDown();
        replies.add(entry);
    }

    @Override
    public synchronized void ephemeral(String channel, String userId, String text) {
        failIfDown();
        ephemerals.add(new Ephemeral(channel, userId, text));
    }

    @Override
    public synchronized void respond(String responseUrl, String text) {
        failIfDown();
        ephemerals.add(new Ephemeral(null, null, text));
    }

    public synchronized void goDown() {
        down = true;
    }

    public synchronized List<Ephemeral> ephemerals() {
        return List.copyOf(ephemerals);
    }

    public synchronized List<Alert> updates() {
        return List.copyOf(updates);
    }

    public synchronized List<TimelineEntry> replies() {
        return List.copyOf(replies);
    }

    /** Nothing at all was said in Slack. */
    public synchronized boolean silent() {
        return ephemerals.isEmpty() && updates.isEmpty() && posts.isEmpty() && replies.isEmpty();
    }

    private void failIfDown() {
        if (down) {
            throw new SlackUnavailableException("Slack is down (test)", null);
        }
    }
}
