package io.klaxon.deliver;

import io.klaxon.deliver.format.DingTalkFormat;
import io.klaxon.deliver.format.FeishuFormat;
import io.klaxon.deliver.format.Format;
import io.klaxon.deliver.format.PagerDutyFormat;
import io.klaxon.deliver.format.TeamsFormat;
import io.klaxon.deliver.format.WeComFormat;
import io.klaxon.deliver.format.WebhookFormat;
import io.klaxon.deliver.send.Answer;
import io.klaxon.deliver.send.HttpSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one lifecycle event to one destination: decides whether it hears it, renders its request,
 * sends it, and retries what may heal within a bounded budget, honouring {@code Retry-After}.
 *
 * <p>Outcomes: delivered; skipped (not for this destination); refused (a 4xx or vendor error that will
 * not heal: logged once with the destination's name and returned, so nothing retries it forever); or
 * {@link DeliveryFailedException} when the budget runs out, so the platform's retries and DLQ take
 * over. A request is re-signed on every attempt (the signed timestamp must be fresh).
 */
public class DeliverService {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverService.class);

    /** Attempts within one invocation before handing over to the platform's retries. */
    static final int ATTEMPTS = 4;
    /** The longest wait honoured in-process; a longer Retry-After goes to the platform's retries. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(20);
    /**
     * No attempt starts with less time than this before the deadline: its request would go out and its
     * answer not be waited for, so a receiver could take the event unrecorded and hear it again on the retry.
     */
    static final Duration SHORTEST_ATTEMPT = Duration.ofSeconds(1);

    public enum Outcome { DELIVERED, SKIPPED, REFUSED }

    /** Waits between attempts (a real sleep in production, recorded in tests). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Map<DestinationType, Format> formats = new EnumMap<>(DestinationType.class);
    private final HttpSender sender;
    private final Mailer mailer;
    private final Clock clock;
    private final Pause pause;

    public DeliverService(HttpSender sender, Mailer mailer, Clock clock, Pause pause) {
        this.sender = sender;
        this.mailer = mailer;
        this.clock = clock;
        this.pause = pause;
        formats.put(DestinationType.PAGERDUTY, new PagerDutyFormat());
        formats.put(DestinationType.TEAMS, new TeamsFormat());
        formats.put(DestinationType.DINGTALK, new DingTalkFormat());
        formats.put(DestinationType.FEISHU, new FeishuFormat());
        formats.put(DestinationType.WECOM, new WeComFormat());
        formats.put(DestinationType.WEBHOOK, new WebhookFormat());
    }

    /** Delivers with the whole in-process budget (a command line test, no invocation around it). */
    public Outcome deliver(Destination destination, Notice notice) {
        return deliver(destination, notice, Instant.MAX);
    }

    /**
     * Delivers, with no attempt or wait reaching past {@code deadline}: the invocation's own, so a
     * destination that hangs or asks for a long wait is reported failed in time, not cut off by Lambda's
     * timeout together with every other destination and the record of what was delivered.
     */
    public Outcome deliver(Destination destination, Notice notice, Instant deadline) {
        if (!destination.hears(notice.type(), notice.event().route())) {
            return Outcome.SKIPPED;
        }
        if (destination.type() == DestinationType.EMAIL) {
            // SES has no deadline of its own here: a send is started only while a whole attempt still fits, as
            // for the HTTP destinations, so that one taken mail is not reported failed and sent again.
            if (left(clock.instant(), deadline).compareTo(SHORTEST_ATTEMPT) < 0) {
                throw new DeliveryFailedException("destination " + destination.name() + " (email) did not take "
                        + notice.type().detailType() + " of alert " + notice.event().alertId()
                        + ": no time left in this invocation");
            }
            mailer.send(destination, notice);
            return Outcome.DELIVERED;
        }
        Format format = formats.get(destination.type());
        String lastReason = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Duration left = left(now, deadline);
            if (left.compareTo(SHORTEST_ATTEMPT) < 0) {
                lastReason = lastReason.isEmpty() ? "no time left in this invocation"
                        : lastReason + ", then no time left in this invocation";
                break;
            }
            Answer answer = sender.send(destination.type(), format.render(destination, notice, now),
                    min(HttpSender.TIMEOUT, left));
            if (answer instanceof Answer.Delivered delivered) {
                LOG.info("delivered destination={} type={} event={} alertId={} status={} attempt={}",
                        destination.name(), destination.type().wire(), notice.type().detailType(),
                        notice.event().alertId(), delivered.status(), attempt);
                return Outcome.DELIVERED;
            }
            if (answer instanceof Answer.Refused refused) {
                LOG.error("destination refused the event and will not be retried: destination={} type={} "
                                + "event={} alertId={} reason={} (check its url, token or secret)",
                        destination.name(), destination.type().wire(), notice.type().detailType(),
                        notice.event().alertId(), refused.reason());
                return Outcome.REFUSED;
            }
            Answer.Retry retry = (Answer.Retry) answer;
            lastReason = retry.reason();
            Duration wait = retry.after() != null ? retry.after() : backoff(attempt);
            if (attempt == ATTEMPTS || wait.compareTo(LONGEST_WAIT) > 0) {
                break;
            }
            if (wait.plus(SHORTEST_ATTEMPT).compareTo(left(clock.instant(), deadline)) > 0) {
                // The next attempt would start after the invocation's deadline: the platform's retry takes it.
                lastReason = lastReason + ", wait of " + wait.toMillis() + " ms past this invocation's deadline";
                break;
            }
            LOG.warn("destination busy, retrying destination={} event={} alertId={} reason={} in {} ms",
                    destination.name(), notice.type().detailType(), notice.event().alertId(), retry.reason(),
                    wait.toMillis());
            try {
                pause.pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new DeliveryFailedException("destination " + destination.name() + " (" + destination.type().wire()
                + ") did not take " + notice.type().detailType() + " of alert " + notice.event().alertId()
                + ": " + lastReason);
    }

    private static Duration left(Instant now, Instant deadline) {
        return Duration.between(now, deadline);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(500L << (attempt - 1));
    }
}
