package io.klaxon.local.storm;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each alarm of a storm made it to Slack once, and shows its final state: the one place that
 * decides "lost", "doubled" and "final", so that it can follow how Klaxon shows alerts.
 *
 * <ul>
 *   <li>An alert's own message is a top-level message whose metadata is {@code klaxon_alert} with its
 *       {@code alertId}. A storm message is any other top-level message carrying Klaxon metadata
 *       (event type {@code klaxon_…}); it lists an alert when its blocks or text hold the alertId or the
 *       alarm's name (the alert's title).</li>
 *   <li>Lost: the store has no alert for the key, or the alert has neither an own message nor a storm
 *       message listing it.
 *       A lost alert that is open in the store ({@link Verdict#openInStore}) may still be waiting for its
 *       post when the deadline comes.</li>
 *   <li>Doubled: more than one own top-level message for one alert key.</li>
 *   <li>Final: an alarm that ends firing has an open alert whose newest own message still offers Claim
 *       (or is listed in a storm message); one that ends recovered has no open alert, and its newest
 *       own message offers no Claim or Resolve.</li>
 * </ul>
 */
final class AlertAccounting {

    static final String ALERT_EVENT_TYPE = "klaxon_alert";
    static final String ALERT_ID = "alertId";
    private static final String CLAIM_ACTION = "klaxon.claim";
    private static final String RESOLVE_ACTION = "klaxon.resolve";

    /** What one alarm looks like in Slack and in the store. */
    record Verdict(String alertKey, int ownMessages, boolean inStormMessage, boolean lost, boolean doubled,
                   boolean showsFinal, boolean openInStore) {
    }

    private final AlertStore store;
    /** alertId → alert key; an alert's key never changes, so it is read once. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    AlertAccounting(AlertStore store) {
        this.store = store;
    }

    /**
     * @param withStore also check the store (one read per alarm): at the end, or for a final answer;
     *                  without it, only what Slack shows is judged
     */
    Map<String, Verdict> judge(List<StormPlan.Script> scripts, List<LimitedSlack.Message> messages, boolean withStore) {
        Map<String, List<LimitedSlack.Message>> own = new HashMap<>();
        List<LimitedSlack.Message> storms = new ArrayList<>();
        for (LimitedSlack.Message m : messages) {
            if (!m.topLevel() || m.eventType() == null || !m.eventType().startsWith("klaxon")) {
                continue;
            }
            if (ALERT_EVENT_TYPE.equals(m.eventType())) {
                String alertId = m.payloadField(ALERT_ID);
                keyOf(alertId).ifPresent(key -> own.computeIfAbsent(key, k -> new ArrayList<>()).add(m));
            } else {
                storms.add(m);
            }
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (StormPlan.Script script : scripts) {
            String key = script.alertKey();
            List<LimitedSlack.Message> mine = own.getOrDefault(key, List.of());
            Optional<Alert> open = withStore ? store.findOpen(key) : Optional.empty();
            boolean inStorm = storms.stream().anyMatch(s -> mentions(s, script.alarmName())
                    || open.map(a -> mentions(s, a.alertId())).orElse(false));
            boolean present = !mine.isEmpty() || inStorm;
            // With the store: an open alert, or the occurrence an own message belongs to.
            boolean stored = !withStore || open.isPresent() || !mine.isEmpty() || inStorm;
            Optional<LimitedSlack.Message> newest = mine.stream()
                    .max(Comparator.comparing((LimitedSlack.Message m) -> new java.math.BigDecimal(m.ts())));
            boolean showsFinal = present && newest.map(m -> shows(m, script.endsResolved())).orElse(true);
            if (withStore && showsFinal) {
                showsFinal = script.endsResolved() ? open.isEmpty() && newest.map(m -> resolved(m)).orElse(true)
                        : open.isPresent();
            }
            verdicts.put(key, new Verdict(key, mine.size(), inStorm, !(present && stored), mine.size() > 1,
                    showsFinal, open.isPresent()));
        }
        return verdicts;
    }

    /** Whether the alert a message belongs to is resolved in the store. */
    private boolean resolved(LimitedSlack.Message message) {
        String alertId = message.payloadField(ALERT_ID);
        return alertId != null && store.get(alertId).map(a -> a.state() == AlertState.RESOLVED).orElse(false);
    }

    private static boolean shows(LimitedSlack.Message message, boolean endsResolved) {
        String rendered = String.valueOf(message.blocks());
        boolean offersClaim = rendered.contains(CLAIM_ACTION);
        return endsResolved ? !offersClaim && !rendered.contains(RESOLVE_ACTION) : offersClaim;
    }

    private static boolean mentions(LimitedSlack.Message storm, String needle) {
        return String.valueOf(storm.blocks()).contains(needle) || String.valueOf(storm.text()).contains(needle);
    }

    private Optional<String> keyOf(String alertId) {
        if (alertId == null) {
            return Optional.empty();
        }
        String known = keys.get(alertId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> key = store.get(alertId).map(Alert::alertKey);
        key.ifPresent(k -> keys.put(alertId, k));
        return key;
    }
}
