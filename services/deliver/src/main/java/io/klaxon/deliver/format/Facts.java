package io.klaxon.deliver.format;

import io.klaxon.deliver.Notice;
import io.klaxon.domain.lifecycle.LifecycleEvent;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.signal.Link;
import java.util.ArrayList;
import java.util.List;

/**
 * What every chat destination says about one lifecycle event, before its own layout: a headline, the
 * alert's title, and labelled facts. Mirroring lives here: who claimed or resolved it, and how long
 * that took.
 */
public record Facts(String headline, String title, List<Fact> facts, List<Link> links) {

    public record Fact(String label, String value) {
    }

    public static Facts of(Notice notice, Wording words) {
        LifecycleEvent e = notice.event();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(words.severityLabel(), words.severity(e.severity())));
        facts.add(new Fact(words.sourceLabel(), e.sourceKind()));
        LifecycleEventType type = notice.type();
        switch (type) {
            case CLAIMED, UNCLAIMED, SNOOZED, RESOLVED -> facts.add(new Fact(words.byLabel(type), words.who(e.actor())));
            case ESCALATED -> facts.add(new Fact(words.levelLabel(), Integer.toString(e.escalationLevel())));
            default -> {
                // Opened and refired: the severity and source say it all.
            }
        }
        if (type == LifecycleEventType.CLAIMED && e.secondsToClaim() != null) {
            facts.add(new Fact(words.timeToClaimLabel(), Wording.duration(e.secondsToClaim())));
        }
        if (type == LifecycleEventType.RESOLVED && e.secondsToResolve() != null) {
            facts.add(new Fact(words.timeToResolveLabel(), Wording.duration(e.secondsToResolve())));
        }
        // Only https links (the normalizers build console links so); anything else is not shown.
        List<Link> links = e.links().stream().filter(l -> l.url() != null && l.url().startsWith("https://")).toList();
        return new Facts(words.headline(type), e.title(), List.copyOf(facts), links);
    }
}
