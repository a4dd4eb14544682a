package io.klaxon.ingest.envelope;

import io.klaxon.ingest.signal.Fingerprints;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a message came from: the envelope facts that normalizers may need beside the message itself.
 *
 * <p>The subject, delivery time and attributes are read when a normalizer first asks for them
 * ({@link #deferred}): an SNS Lambda event's alarm never does (its message has its own time), and
 * reading them was about 4 % of normalizing and writing one alarm (docs/benchmarks.md, "CloudWatch
 * alarm: Klaxon beside a Python formatter", seventh round). They are read at most once, and the values
 * are the ones they always were. One {@code normalize} call owns its origins: not for sharing between threads.
 */
public final class Origin {

    /**
     * The envelope facts read on demand.
     *
     * @param subject     the SNS Subject; null when absent or blank
     * @param deliveredAt the SNS Timestamp or SQS SentTimestamp; null when unknown
     * @param attributes  string message attributes (SNS MessageAttributes, SQS messageAttributes)
     */
    public record Facts(@Nullable String subject, @Nullable Instant deliveredAt, Map<String, String> attributes) {

        static final Facts NONE = new Facts(null, null, Map.of());

        public Facts {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
            subject = subject == null || subject.isBlank() ? null : subject.strip();
        }
    }

    private final String where;
    @Nullable
    private final String deliveryId;
    @Nullable
    private final String topicArn;
    private final String content;
    /** Shared with the copies {@link #withContent} makes, so that the facts are read once for all of them. */
    private final Lazy facts;

    /**
     * @param where       a path into the input for messages and reasons, e.g. {@code Records[2].Sns}
     * @param deliveryId  the SNS MessageId or SQS messageId; null for a bare message
     * @param topicArn    the SNS topic; null when not delivered by SNS
     * @param subject     the SNS Subject; null when absent or blank
     * @param deliveredAt the SNS Timestamp or SQS SentTimestamp; null when unknown
     * @param attributes  string message attributes (SNS MessageAttributes, SQS messageAttributes)
     * @param content     the text the message was read from; fingerprinted when no id is available
     */
    public Origin(String where, @Nullable String deliveryId, @Nullable String topicArn, @Nullable String subject,
                  @Nullable Instant deliveredAt, Map<String, String> attributes, String content) {
        this(where, deliveryId, topicArn, new Lazy(new Facts(subject, deliveredAt, attributes)), content);
    }

    private Origin(String where, @Nullable String deliveryId, @Nullable String topicArn, Lazy facts, String content) {
        this.where = where;
        this.deliveryId = deliveryId;
        this.topicArn = topicArn;
        this.facts = facts;
        this.content = content;
    }

    /** An origin whose subject, delivery time and attributes are read from the envelope only when asked for. */
    static Origin deferred(String where, @Nullable String deliveryId, @Nullable String topicArn, Supplier<Facts> facts,
                           String content) {
        return new Origin(where, deliveryId, topicArn, new Lazy(facts), content);
    }

    /** A message with no envelope (MSG-ONLY, a bare EventBridge event, a Lambda alarm action). */
    public static Origin bare(String where, String content) {
        return new Origin(where, null, null, new Lazy(Facts.NONE), content);
    }

    /** The same origin for a nested part with its own content (an event inside an SNS message …). */
    public Origin withContent(String where, String nestedContent) {
        return new Origin(where, deliveryId, topicArn, facts, nestedContent);
    }

    /** A path into the input for messages and reasons, e.g. {@code Records[2].Sns}. */
    public String where() {
        return where;
    }

    /** The SNS MessageId or SQS messageId; null for a bare message. */
    @Nullable
    public String deliveryId() {
        return deliveryId;
    }

    /** The SNS topic; null when not delivered by SNS. */
    @Nullable
    public String topicArn() {
        return topicArn;
    }

    /** The SNS Subject; null when absent or blank. */
    @Nullable
    public String subject() {
        return facts.get().subject();
    }

    /** The SNS Timestamp or SQS SentTimestamp; null when unknown. */
    @Nullable
    public Instant deliveredAt() {
        return facts.get().deliveredAt();
    }

    /** String message attributes (SNS MessageAttributes, SQS messageAttributes). */
    public Map<String, String> attributes() {
        return facts.get().attributes();
    }

    /** The text the message was read from; fingerprinted when no id is available. */
    public String content() {
        return content;
    }

    /**
     * The signal id: the source's own id when it has one, else the delivery's id, else a fingerprint
     * of the content, so that a redelivery of the same bytes gets the same id.
     */
    public String signalId(@Nullable String sourceId) {
        if (sourceId != null && !sourceId.isBlank()) {
            return sourceId.strip();
        }
        if (deliveryId != null && !deliveryId.isBlank()) {
            return deliveryId;
        }
        return "content-" + Fingerprints.of(content);
    }

    @Override
    public String toString() {
        return "Origin[where=" + where + ", deliveryId=" + deliveryId + ", topicArn=" + topicArn + "]";
    }

    /** The facts, read on the first call; one normalize call's thread only. */
    private static final class Lazy {

        private Supplier<Facts> read;
        private Facts facts;

        Lazy(Facts facts) {
            this.facts = facts;
        }

        Lazy(Supplier<Facts> read) {
            this.read = read;
        }

        Facts get() {
            if (facts == null) {
                facts = read.get();
                read = null;
            }
            return facts;
        }
    }
}
