package io.klaxon.deliver.format;

import io.klaxon.deliver.Destination;
import io.klaxon.deliver.Notice;
import io.klaxon.deliver.Outbound;
import java.time.Instant;
import java.util.Map;

/**
 * WeCom (WeChat Work) group robot: a markdown message. WeCom refuses content over 4,096 bytes of
 * UTF-8, so it is cut to fit (Chinese text takes three bytes a character).
 */
public final class WeComFormat implements Format {

    public static final int MAX_CONTENT_BYTES = 4096;

    @Override
    public Outbound render(Destination destination, Notice notice, Instant now) {
        Facts facts = Facts.of(notice, new Wording(destination.chinese()));
        StringBuilder text = new StringBuilder();
        text.append("### ").append(facts.headline()).append('\n');
        text.append("**").append(Markdown.text(facts.title())).append("**\n");
        for (Facts.Fact fact : facts.facts()) {
            text.append("> ").append(fact.label()).append(": ").append(Markdown.text(fact.value())).append('\n');
        }
        facts.links().forEach(l -> text.append(Markdown.link(l.label(), l.url())).append('\n'));
        String content = Markdown.limitUtf8(text.toString(), MAX_CONTENT_BYTES);
        return new Outbound(destination.url(), Map.of("Content-Type", "application/json"),
                Json.write(Map.of("msgtype", "markdown", "markdown", Map.of("content", content))));
    }
}
