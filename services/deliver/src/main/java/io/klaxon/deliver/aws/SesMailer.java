package io.klaxon.deliver.aws;

import io.klaxon.deliver.DeliveryFailedException;
import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Mailer;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.format.Facts;
import io.klaxon.deliver.format.Wording;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Email through Amazon SES (v2 API), from the verified identity the stack names, with a plain-text
 * and an HTML body. A throttle or an outage is retried by the platform; a refusal that will not
 * heal (an unverified sender, a rejected message) is logged with the destination's name.
 */
public final class SesMailer implements Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(SesMailer.class);

    private final Supplier<SesV2Client> ses;
    private final String from;

    public SesMailer(Supplier<SesV2Client> ses, String from) {
        this.ses = ses;
        this.from = from;
    }

    @Override
    public void send(Destination destination, Notice notice) {
        Facts facts = Facts.of(notice, new Wording(destination.chinese()));
        String subject = "[Klaxon] " + facts.headline() + ": " + facts.title();
        StringBuilder text = new StringBuilder(facts.title()).append("\n\n");
        StringBuilder html = new StringBuilder("<h3>").append(escape(facts.headline())).append("</h3><p><b>")
                .append(escape(facts.title())).append("</b></p><table>");
        for (Facts.Fact fact : facts.facts()) {
            text.append(fact.label()).append(": ").append(fact.value()).append('\n');
            html.append("<tr><td>").append(escape(fact.label())).append("</td><td>").append(escape(fact.value()))
                    .append("</td></tr>");
        }
        html.append("</table>");
        facts.links().forEach(l -> {
            text.append(l.label()).append(": ").append(l.url()).append('\n');
            html.append("<p><a href=\"").append(escape(l.url())).append("\">").append(escape(l.label())).append("</a></p>");
        });
        try {
            ses.get().sendEmail(b -> b.fromEmailAddress(from)
                    .destination(d -> d.toAddresses(destination.to()))
                    .content(c -> c.simple(m -> m
                            .subject(s -> s.data(subject.length() > 200 ? subject.substring(0, 199) + "…" : subject))
                            .body(body -> body.text(t -> t.data(text.toString())).html(h -> h.data(html.toString()))))));
        } catch (SesV2Exception e) {
            if (e.statusCode() == 429 || e.statusCode() >= 500) {
                throw new DeliveryFailedException("destination " + destination.name() + " (email): SES "
                        + e.awsErrorDetails().errorCode());
            }
            LOG.error("destination refused the event and will not be retried: destination={} type=email event={} "
                    + "alertId={} reason=SES {}", destination.name(), notice.type().detailType(),
                    notice.event().alertId(), e.awsErrorDetails().errorCode());
        } catch (SdkException e) {
            throw new DeliveryFailedException("destination " + destination.name() + " (email): "
                    + e.getClass().getSimpleName());
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
