package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import io.klaxon.deliver.sign.Signatures;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feishu/Lark custom bot: an interactive card. With a secret ("签名校验"), {@code timestamp} (seconds)
 * and {@code sign} go in the JSON body beside the card.
 */
public final class FeishuFormat implements Format {

    @Override
    public Outbound render(Destination destination, Notice notice, Instant now) {
        Facts facts = Facts.of(notice, new Wording(destination.chinese()));
        List<Object> elements = new ArrayList<>();
        elements.add(Map.of("tag", "div", "text", Map.of("tag", "lark_md", "content",
                "**" + Markdown.text(facts.title()) + "**")));
        List<Object> fields = new ArrayList<>();
        for (Facts.Fact fact : facts.facts()) {
            fields.add(Map.of("is_short", true, "text", Map.of("tag", "lark_md", "content",
                    "**" + fact.label() + "**\n" + Markdown.text(fact.value()))));
        }
        elements.add(Map.of("tag", "div", "fields", fields));
        if (!facts.links().isEmpty()) {
            List<Object> buttons = new ArrayList<>();
            facts.links().forEach(l -> buttons.add(Map.of("tag", "button", "type", "default", "url", l.url(),
                    "text", Map.of("tag", "plain_text", "content", l.label()))));
            elements.add(Map.of("tag", "action", "actions", buttons));
        }

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("title", Map.of("tag", "plain_text", "content", facts.headline()));
        header.put("template", colour(notice.type()));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("header", header);
        card.put("elements", elements);

        Map<String, Object> body = new LinkedHashMap<>();
        if (destination.secret() != null && !destination.secret().isBlank()) {
            long ts = now.getEpochSecond();
            body.put("timestamp", Long.toString(ts));
            body.put("sign", Signatures.feishu(destination.secret(), ts));
        }
        body.put("msg_type", "interactive");
        body.put("card", card);
        return new Outbound(destination.url(), Map.of("Content-Type", "application/json"), Json.write(body));
    }

    private static String colour(LifecycleEventType type) {
        return switch (type) {
            case OPENED, REFIRED, ESCALATED -> "red";
            case CLAIMED, SNOOZED -> "orange";
            case UNCLAIMED -> "yellow";
            case RESOLVED -> "green";
        };
    }
}
