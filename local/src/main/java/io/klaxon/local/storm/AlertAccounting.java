package io.klaxon.local.storm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.port.AlertStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether each alarm of a storm made it to Slack once, and shows its final state: the one place that
 * decides "lost", "doubled" and "final", so that it can follow how Klaxon shows alerts.
 *
 * <ul>
 *   <li>An alert's own message is a top-level message whose metadata is {@code klaxon_alert} with its
 *       {@code alertId}. A storm's message is a top-level message whose metadata is {@code klaxon_storm}
 *       with its {@code stormId}; it shows every alert whose stored {@code stormId} is that id and that has
 *       no message of its own (a storm of 1,000 names a few alerts per group and counts the rest, so the
 *       id, not the name, is what ties an alert to it).</li>
 *   <li>Lost: the store has no alert for the key, or the alert has neither an own message nor a storm
 *       message. A lost alert that is open in the store ({@link Verdict#openInStore}) may still be
 *       waiting for its post when the deadline comes.</li>
 *   <li>Doubled: more than one own top-level message for one alert key. Apart from alerts, a storm with more
 *       than one message ({@link #doubledStormMessages}) and a thread line whose key is in its thread twice
 *       ({@link #doubledThreadLines}) are reported as doubled too.</li>
 *   <li>Final, for an alert with its own message: an alarm that ends firing has an open alert whose
 *       newest own message still offers Claim; one that ends recovered has no open alert, and its newest
 *       own message offers no Claim or Resolve.</li>
 *   <li>Final, for an alert in a storm: the storm message's counts by state tell the truth about its
 *       members. Judged from Slack alone: as many members as the scripts put there, and as many resolved
 *       as end recovered. With the store: the counts equal the members' stored states, and the alert's own
 *       stored state is final (open if firing, resolved if recovered).</li>
 * </ul>
 */
final class AlertAccounting {

    static final String ALERT_EVENT_TYPE = "klaxon_alert";
    static final String STORM_EVENT_TYPE = "klaxon_storm";
    /** The metadata of a thread line and the field naming its change (ADR 0003, "Replying once"). */
    static final String REPLY_EVENT_TYPE = "klaxon_reply";
    static final String REPLY_KEY = "key";
    static final String ALERT_ID = "alertId";
    static final String STORM_ID = "stormId";
    private static final String CLAIM_ACTION = "klaxon.claim";
    private static final String RESOLVE_ACTION = "klaxon.resolve";
    /** {@code *12* unclaimed}: one state's count in a storm message's status line. */
    private static final Pattern COUNT = Pattern.compile("\\*(\\d+)\\* ([a-z]+)");

    /** What one alarm looks like in Slack and in the store. */
    record Verdict(String alertKey, int ownMessages, boolean inStormMessage, boolean lost, boolean doubled,
                   boolean showsFinal, boolean openInStore) {
    }

    private final AlertStore store;
    /** alertId → alert key; an alert's key never changes, so it is read once. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    /** alert key → the storm it joined; membership is decided when the alert opens, so it is read once. */
    private final Map<String, String> storms = new ConcurrentHashMap<>();

    AlertAccounting(AlertStore store) {
        this.store = store;
    }

    /**
     * @param withStore also check the store's states (two reads per alarm): at the end, or for a final
     *                  answer; without it, only what Slack shows is judged (the store is read only to
     *                  learn which storm an alert without a message joined, once per alert)
     */
    Map<String, Verdict> judge(List<StormPlan.Script> scripts, List<LimitedSlack.Message> messages, boolean withStore) {
        Map<String, LimitedSlack.Message> stormMessages = stormMessages(messages);
        Map<String, Member> members = members(scripts, messages, stormMessages, withStore);
        Map<String, Boolean> stormTruthful = new HashMap<>();
        stormMessages.forEach((stormId, message) -> stormTruthful.put(stormId,
                countsTellTheTruth(message, members.values().stream().filter(m -> stormId.equals(m.stormId())).toList(),
                        withStore)));

        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (Member m : members.values()) {
            boolean inStorm = m.stormId() != null && stormMessages.containsKey(m.stormId());
            boolean present = !m.own().isEmpty() || inStorm;
            // With the store: an open alert, or the occurrence an own or storm message belongs to.
            boolean stored = !withStore || m.open().isPresent() || m.last().isPresent() || !m.own().isEmpty();
            boolean showsFinal;
            if (!m.own().isEmpty()) {
                LimitedSlack.Message newest = m.own().stream()
                        .max(Comparator.comparing((LimitedSlack.Message x) -> new BigDecimal(x.ts()))).orElseThrow();
                showsFinal = shows(newest, m.script().endsResolved());
                if (withStore && showsFinal) {
                    showsFinal = m.script().endsResolved() ? m.open().isEmpty() && resolved(newest) : m.open().isPresent();
                }
            } else {
                showsFinal = inStorm && stormTruthful.get(m.stormId());
                if (withStore && showsFinal) {
                    showsFinal = m.script().endsResolved() ? m.open().isEmpty() : m.open().isPresent();
                }
            }
            verdicts.put(m.script().alertKey(), new Verdict(m.script().alertKey(), m.own().size(), inStorm,
                    !(present && stored), m.own().size() > 1, showsFinal, m.open().isPresent()));
        }
        return verdicts;
    }

    /**
     * Storm messages whose counts by state are not those the store has for their members, each as
     * {@code <stormId> shows {…} where the store has {…}}: what a "not final" storm alert is about.
     */
    List<String> miscountedStorms(List<StormPlan.Script> scripts, List<LimitedSlack.Message> messages) {
        Map<String, LimitedSlack.Message> stormMessages = stormMessages(messages);
        Map<String, Member> members = members(scripts, messages, stormMessages, true);
        List<String> miscounted = new ArrayList<>();
        stormMessages.forEach((stormId, message) -> {
            Map<AlertState, Long> expected = new EnumMap<>(AlertState.class);
            members.values().stream().filter(m -> stormId.equals(m.stormId()))
                    .forEach(m -> m.last().ifPresent(a -> expected.merge(a.state(), 1L, Long::sum)));
            Map<AlertState, Long> shown = statusCounts(message);
            if (!shown.equals(expected)) {
                long posted = messages.stream().filter(m -> m.topLevel() && STORM_EVENT_TYPE.equals(m.eventType())
                        && stormId.equals(m.payloadField(STORM_ID))).count();
                miscounted.add(stormId + " shows " + shown + " where the store has " + expected
                        + (posted > 1 ? " (" + posted + " top-level messages for it; the newest judged)" : ""));
            }
        });
        return miscounted;
    }

    private Map<String, Member> members(List<StormPlan.Script> scripts, List<LimitedSlack.Message> messages,
                                        Map<String, LimitedSlack.Message> stormMessages, boolean withStore) {
        Map<String, List<LimitedSlack.Message>> own = ownMessages(messages);
        Map<String, Member> members = new LinkedHashMap<>();
        for (StormPlan.Script script : scripts) {
            String key = script.alertKey();
            List<LimitedSlack.Message> mine = own.getOrDefault(key, List.of());
            Optional<Alert> last = withStore ? store.findLast(key) : Optional.empty();
            Optional<Alert> open = withStore ? store.findOpen(key) : Optional.empty();
            String stormId = mine.isEmpty() && (withStore || !stormMessages.isEmpty()) ? stormOf(key, last) : null;
            members.put(key, new Member(script, mine, stormId, last, open));
        }
        return members;
    }

    /**
     * Storm messages that count more alerts than alarms are tied to them (by the stored storm of each
     * alarm without a message of its own): one alarm with two occurrences in the storm, a doubling no
     * own message shows. Each as {@code <stormId> shows N alerts for M alarms}.
     */
    List<String> overcountedStorms(List<StormPlan.Script> scripts, List<LimitedSlack.Message> messages) {
        Map<String, LimitedSlack.Message> stormMessages = stormMessages(messages);
        if (stormMessages.isEmpty()) {
            return List.of();
        }
        Map<String, List<LimitedSlack.Message>> own = ownMessages(messages);
        Map<String, Long> alarms = scripts.stream().map(StormPlan.Script::alertKey).filter(key -> !own.containsKey(key))
                .map(key -> stormOf(key, Optional.empty())).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(stormId -> stormId, Collectors.counting()));
        List<String> overcounted = new ArrayList<>();
        stormMessages.forEach((stormId, message) -> {
            long shown = statusCounts(message).values().stream().mapToLong(Long::longValue).sum();
            long tied = alarms.getOrDefault(stormId, 0L);
            if (shown > tied) {
                overcounted.add(stormId + " shows " + shown + " alerts for " + tied + " alarms");
            }
        });
        return overcounted;
    }

    /**
     * Storms with more than one top-level message, each as {@code <stormId> posted N times}: a storm is shown by
     * one message, edited in place (ADR 0014); a second one is a doubled storm whose older copy never catches up.
     */
    static List<String> doubledStormMessages(List<LimitedSlack.Message> messages) {
        Map<String, Long> posts = messages.stream()
                .filter(m -> m.topLevel() && STORM_EVENT_TYPE.equals(m.eventType()) && m.payloadField(STORM_ID) != null)
                .collect(Collectors.groupingBy(m -> m.payloadField(STORM_ID), LinkedHashMap::new, Collectors.counting()));
        List<String> doubled = new ArrayList<>();
        posts.forEach((stormId, count) -> {
            if (count > 1) {
                doubled.add(stormId + " posted " + count + " times");
            }
        });
        return doubled;
    }

    /**
     * Thread lines posted more than once, each as {@code <channel> <thread ts> <line key> ×N}: a line names the
     * change it tells in its metadata (ADR 0003, "Replying once"), so two lines with one key are one change told twice.
     */
    static List<String> doubledThreadLines(List<LimitedSlack.Message> messages) {
        Map<String, Long> lines = messages.stream()
                .filter(m -> !m.topLevel() && REPLY_EVENT_TYPE.equals(m.eventType()))
                .collect(Collectors.groupingBy(m -> m.channel() + " " + m.threadTs() + " " + m.payloadField(REPLY_KEY),
                        LinkedHashMap::new, Collectors.counting()));
        List<String> doubled = new ArrayList<>();
        lines.forEach((line, count) -> {
            if (count > 1) {
                doubled.add(line + " ×" + count);
            }
        });
        return doubled;
    }

    /** Each alarm's own top-level messages, by alert key. */
    private Map<String, List<LimitedSlack.Message>> ownMessages(List<LimitedSlack.Message> messages) {
        Map<String, List<LimitedSlack.Message>> own = new HashMap<>();
        for (LimitedSlack.Message m : messages) {
            if (m.topLevel() && ALERT_EVENT_TYPE.equals(m.eventType())) {
                keyOf(m.payloadField(ALERT_ID)).ifPresent(key -> own.computeIfAbsent(key, k -> new ArrayList<>()).add(m));
            }
        }
        return own;
    }

    /** The newest top-level message of each storm, by storm id. */
    private static Map<String, LimitedSlack.Message> stormMessages(List<LimitedSlack.Message> messages) {
        Map<String, LimitedSlack.Message> storms = new HashMap<>();
        for (LimitedSlack.Message m : messages) {
            if (m.topLevel() && STORM_EVENT_TYPE.equals(m.eventType()) && m.payloadField(STORM_ID) != null) {
                storms.merge(m.payloadField(STORM_ID), m, AlertAccounting::newer);
            }
        }
        return storms;
    }

    /** One alarm as the judging found it: its own messages, its storm, and (with the store) its occurrences. */
    private record Member(StormPlan.Script script, List<LimitedSlack.Message> own, String stormId,
                          Optional<Alert> last, Optional<Alert> open) {
    }

    /**
     * Whether a storm message's counts by state are those of its members: from Slack alone, the count
     * of members and of resolved ones the scripts expect; with the store, each state's count as stored.
     */
    private static boolean countsTellTheTruth(LimitedSlack.Message message, List<Member> members, boolean withStore) {
        Map<AlertState, Long> shown = statusCounts(message);
        Map<AlertState, Long> expected = new EnumMap<>(AlertState.class);
        if (withStore) {
            for (Member m : members) {
                m.last().ifPresent(a -> expected.merge(a.state(), 1L, Long::sum));
            }
            return shown.equals(expected);
        }
        long total = shown.values().stream().mapToLong(Long::longValue).sum();
        long resolved = members.stream().filter(m -> m.script().endsResolved()).count();
        return total == members.size() && shown.getOrDefault(AlertState.RESOLVED, 0L) == resolved;
    }

    /**
     * The counts of a storm message's status line, the first section after its header
     * ({@code *3* unclaimed · *2* resolved · since …}); empty when the message has none.
     */
    static Map<AlertState, Long> statusCounts(LimitedSlack.Message message) {
        Map<AlertState, Long> counts = new EnumMap<>(AlertState.class);
        String status = firstSectionText(message.blocks());
        int since = status.indexOf(" · since ");
        Matcher count = COUNT.matcher(since < 0 ? status : status.substring(0, since));
        while (count.find()) {
            try {
                counts.put(AlertState.valueOf(count.group(2).toUpperCase(Locale.ROOT)), Long.parseLong(count.group(1)));
            } catch (IllegalArgumentException notAState) {
                // Not a count by state: the line says something else; it is not counted.
            }
        }
        return counts;
    }

    private static String firstSectionText(String blocks) {
        if (blocks == null || blocks.isBlank()) {
            return "";
        }
        try {
            JsonElement parsed = JsonParser.parseString(blocks);
            if (!parsed.isJsonArray()) {
                return "";
            }
            for (JsonElement block : (JsonArray) parsed) {
                if (block.isJsonObject() && "section".equals(text(block, "type"))
                        && block.getAsJsonObject().get("text") instanceof JsonObject t) {
                    return text(t, "text");
                }
            }
        } catch (JsonParseException e) {
            // A message whose blocks do not parse shows no counts.
        }
        return "";
    }

    private static String text(JsonElement object, String field) {
        JsonElement value = object.getAsJsonObject().get(field);
        return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
    }

    private static LimitedSlack.Message newer(LimitedSlack.Message a, LimitedSlack.Message b) {
        return new BigDecimal(a.ts()).compareTo(new BigDecimal(b.ts())) >= 0 ? a : b;
    }

    /** The storm an alert without a message of its own joined, read from the store once it is known. */
    private String stormOf(String key, Optional<Alert> last) {
        String known = storms.get(key);
        if (known != null) {
            return known;
        }
        String stormId = (last.isPresent() ? last : store.findLast(key)).map(Alert::stormId).orElse(null);
        if (stormId != null) {
            storms.put(key, stormId);
        }
        return stormId;
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
