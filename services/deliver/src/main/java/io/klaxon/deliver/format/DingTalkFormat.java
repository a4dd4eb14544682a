package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import io.klaxon.deliver.sign.Signatures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DingTalk custom robot: a markdown message. With a secret (the robot's "加签" security setting) the
 * URL gets {@code timestamp} (ms) and {@code sign}; DingTalk refuses a timestamp more than an hour off.
 */
public final class DingTalkFormat implements Format {

    @Override
    public Outbound render(Destination destination, Notice notice, Instant now) {
        Facts facts = Facts.of(notice, new Wording(destination.chinese()));
        StringBuilder text = new StringBuilder();
        text.append("### ").append(facts.headline()).append("\n\n");
        text.append("**").append(Markdown.text(facts.title())).append("**\n\n");
        for (Facts.Fact fact : facts.facts()) {
            text.append("- ").append(fact.label()).append(": ").append(Markdown.text(fact.value())).append('\n');
        }
        facts.links().forEach(l -> text.append("\n").append(Markdown.link(l.label(), l.url())));
        Map<String, Object> markdown = new LinkedHashMap<>();
        markdown.put("title", facts.headline() + ": " + facts.title());
        markdown.put("text", text.toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msgtype", "markdown");
        body.put("markdown", markdown);

        String url = destination.url();
        if (destination.secret() != null && !destination.secret().isBlank()) {
            long ts = now.toEpochMilli();
            url += (url.contains("?") ? "&" : "?") + "timestamp=" + ts + "&sign="
                    + Signatures.dingTalk(destination.secret(), ts);
        }
        return new Outbound(url, Map.of("Content-Type", "application/json"), Json.write(body));
    }
}
