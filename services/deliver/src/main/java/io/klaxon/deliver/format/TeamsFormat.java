package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows (Power Automate) "post to a channel when a webhook request is
 * received" URL: a message with one Adaptive Card attachment. The Office 365 connector webhooks
 * ({@code outlook.office.com/webhook/…}, MessageCard) are retired by Microsoft and not supported.
 * Adaptive Card text is plain unless markdown is used, and TextBlocks render a subset of markdown, so
 * alert text is escaped the same way as for the other chat tools.
 */
public final class TeamsFormat implements Format {

    @Override
    public Outbound render(Destination destination, Notice notice, Instant now) {
        Facts facts = Facts.of(notice, new Wording(false));
        List<Object> body = new ArrayList<>();
        body.add(Map.of("type", "TextBlock", "text", facts.headline(), "weight", "Bolder", "size", "Medium",
                "wrap", true));
        body.add(Map.of("type", "TextBlock", "text", Markdown.text(facts.title()), "wrap", true));
        List<Object> set = new ArrayList<>();
        for (Facts.Fact fact : facts.facts()) {
            set.add(Map.of("title", fact.label(), "value", Markdown.text(fact.value())));
        }
        body.add(Map.of("type", "FactSet", "facts", set));

        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", body);
        if (!facts.links().isEmpty()) {
            List<Object> actions = new ArrayList<>();
            facts.links().forEach(l -> actions.add(Map.of("type", "Action.OpenUrl", "title", l.label(), "url", l.url())));
            card.put("actions", actions);
        }
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return new Outbound(destination.url(), Map.of("Content-Type", "application/json"), Json.write(message));
    }
}
