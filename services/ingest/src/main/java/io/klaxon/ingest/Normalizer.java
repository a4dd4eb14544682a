package io.klaxon.ingest;

import io.klaxon.ingest.envelope.Envelopes;
import io.klaxon.ingest.json.Json;
import io.klaxon.ingest.routing.Router;
import io.klaxon.ingest.signal.SignalSink;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Instant;

/**
 * Turns one raw notification (an SNS Lambda event, an SNS HTTP body, an SQS batch, an EventBridge
 * event or an array of them, a bare alarm message …) into canonical v1 signals.
 *
 * <p>Pure: no I/O and no clock, so the same input always gives the same output. Thread-safe and cheap
 * to construct; the deployed function holds one.
 */
public final class Normalizer {

    private final Envelopes envelopes = new Envelopes(new Router());

    /**
     * Normalizes without a time of receipt: a signal whose source gives no usable time (a documentation
     * sample's placeholder) has a null {@code occurredAt}. Ingest uses {@link #normalize(String, Instant)}.
     *
     * @throws UnreadableInputException when the input is empty, not JSON, or an envelope lacks its message
     */
    public NormalizeResult normalize(String rawInput) {
        return normalize(rawInput, null);
    }

    /**
     * Normalizes; {@code receivedAt} becomes the {@code occurredAt} of signals whose source gives no
     * usable time (labelled {@code occurredAtSource=received}).
     *
     * @throws UnreadableInputException when the input is empty, not JSON, or an envelope lacks its message
     */
    public NormalizeResult normalize(String rawInput, @Nullable Instant receivedAt) {
        if (rawInput == null) {
            throw new UnreadableInputException("input is empty");
        }
        return normalize(RawInput.of(rawInput), receivedAt);
    }

    /**
     * Normalizes an input as received (the Lambda handler's bytes); the same result as for its text.
     *
     * @throws UnreadableInputException when the input is empty, not JSON, or an envelope lacks its message
     */
    public NormalizeResult normalize(RawInput input, @Nullable Instant receivedAt) {
        String rawInput = input.text();
        if (rawInput.isBlank()) {
            throw new UnreadableInputException("input is empty");
        }
        SignalSink sink = new SignalSink(receivedAt);
        if (envelopes.openSnsLambdaEvent(input.utf8(), sink)) {
            return new NormalizeResult(sink.signals(), sink.ignored(), sink.confirmation());
        }
        JsonNode root;
        try {
            root = Json.parse(input.utf8());
        } catch (IOException | RuntimeException e) {
            // The parser's own message quotes the input: keep it out of errors and logs.
            throw new UnreadableInputException("input is not JSON (" + rawInput.length() + " characters, starting with '"
                    + rawInput.strip().charAt(0) + "'); ingest accepts SNS, SQS and EventBridge JSON");
        }
        envelopes.open(root, rawInput, sink);
        return new NormalizeResult(sink.signals(), sink.ignored(), sink.confirmation());
    }
}
