package io.klaxon.deliver;

import io.klaxon.deliver.format.Facts;
import io.klaxon.deliver.format.Wording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email when running locally: the message is printed instead of sent, so a user sees what the
 * recipients would get.
 */
public final class ConsoleMailer implements Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleMailer.class);

    @Override
    public void send(Destination destination, Notice notice) {
        Facts facts = Facts.of(notice, new Wording(destination.chinese()));
        StringBuilder text = new StringBuilder();
        text.append("To: ").append(String.join(", ", destination.to())).append('\n');
        text.append("Subject: [Klaxon] ").append(facts.headline()).append(": ").append(facts.title()).append('\n');
        for (Facts.Fact fact : facts.facts()) {
            text.append(fact.label()).append(": ").append(fact.value()).append('\n');
        }
        LOG.info("email destination={} (not sent: local console)\n{}", destination.name(), text);
    }
}
