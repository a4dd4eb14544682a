package io.klaxon.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import software.amazon.event.ruler.JsonRuleCompiler;

/**
 * Reads {@code klaxon.yaml} into a {@link KlaxonConfig}, or refuses it with every problem found, each
 * naming its line. Works on SnakeYAML's node tree (not its object mapping) for the line numbers, and
 * so that unknown keys, duplicate keys and values of the wrong kind are errors rather than surprises.
 *
 * <p>One instance reads one file; use {@link #parse(String, String)}.
 */
public final class ConfigParser {

    static final Set<String> TOP = Set.of("routes", "policies", "schedules", "templates", "destinations");
    static final Set<String> DESTINATION = Set.of("name", "type", "url", "secret", "routingKey", "to", "routes",
            "events", "locale");
    static final Set<String> ROUTE = Set.of("name", "match", "channel", "policy", "template", "storm");
    static final Set<String> STORM = Set.of("threshold", "window");
    static final Set<String> POLICY = Set.of("claimTimeout", "remindAfter", "autoResolve", "levels", "flapWindow");
    static final Set<String> LEVEL = Set.of("mention", "page");
    static final Set<String> SCHEDULE = Set.of("timezone", "start", "handoff", "every", "members", "overrides");
    static final Set<String> OVERRIDE = Set.of("user", "from", "to");
    static final Set<String> TEMPLATE = Set.of("fields", "summary", "labels", "resources", "links");
    static final Set<String> FIELD = Set.of("field", "label");

    static final String CHANNEL_ID = "[CG][A-Z0-9]+";
    static final String HANDOFF = "([01][0-9]|2[0-3]):[0-5][0-9]";

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();
    /** Checks that need the whole file (a name used before its section): run after everything is read. */
    private final List<Runnable> references = new ArrayList<>();
    /** Every name declared per section, including ones with errors of their own (so a reference to them is not a second error). */
    private final Map<String, Set<String>> declared = new LinkedHashMap<>();
    private final Set<String> declaredRoutes = new LinkedHashSet<>();

    private ConfigParser(String file) {
        this.file = file;
    }

    public static KlaxonConfig parse(String file, String text) throws InvalidConfigException {
        return new ConfigParser(file).read(text);
    }

    private KlaxonConfig read(String text) throws InvalidConfigException {
        Node root = compose(text);
        if (root == null) {
            throw new InvalidConfigException(errors);
        }
        Map<String, NodeTuple> top = fields(root, "the configuration", TOP);
        if (top == null) {
            throw new InvalidConfigException(errors);
        }
        Map<String, Schedule> schedules = named(top.get("schedules"), "schedule", this::schedule);
        Map<String, MessageTemplate> templates = new LinkedHashMap<>(MessageTemplate.BUILT_IN);
        templates.putAll(named(top.get("templates"), "template", this::template));
        Map<String, Policy> policies = named(top.get("policies"), "policy", n -> policy(n, schedules));
        if (top.get("policies") == null) {
            error(root, "no policies: every route names one under policies:");
        }
        List<Route> routes = routes(top.get("routes"), root, policies, templates);
        List<DestinationSpec> destinations = destinations(top.get("destinations"));
        references.forEach(Runnable::run);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.naturalOrder());
            throw new InvalidConfigException(errors);
        }
        return new KlaxonConfig(file, routes, policies, schedules, templates, destinations);
    }

    private Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        try {
            // What Yaml.compose does, without building the Yaml facade: its object constructor and representer,
            // unused here, cost ~12 ms of a cold start (their first use starts java.util.logging).
            Node root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                    .getSingleNode();
            if (root == null) {
                errors.add(new ConfigError(file, 1, "the file is empty: it needs at least routes: and policies:"));
            }
            return root;
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            errors.add(new ConfigError(file, mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + oneLine(problem)));
        } catch (YAMLException e) {
            errors.add(new ConfigError(file, 1, "not valid YAML: " + oneLine(e.getMessage())));
        }
        return null;
    }

    // ---- routes ----

    /** A route's {@code storm: {threshold, window}}; each key defaults on its own. Null (reported) when wrong. */
    private Route.Storm storm(Node node, String where) {
        Map<String, NodeTuple> f = fields(node, "the storm of " + where, STORM);
        if (f == null) {
            return null;
        }
        Integer threshold = Route.Storm.DEFAULT.threshold();
        if (f.containsKey("threshold")) {
            Node t = f.get("threshold").getValueNode();
            threshold = t instanceof ScalarNode s && s.getValue().matches("[0-9]{1,6}") && Integer.parseInt(s.getValue()) >= 1
                    ? Integer.valueOf(s.getValue()) : null;
            if (threshold == null) {
                error(t, "threshold must be a whole number of alerts, at least 1, not " + kind(t));
            }
        }
        Duration window = duration(f.get("window"), Route.Storm.DEFAULT.window(), Duration.ofSeconds(1));
        return threshold == null || window == null ? null : new Route.Storm(threshold, window);
    }

    private List<Route> routes(NodeTuple entry, Node root, Map<String, Policy> policies,
                               Map<String, MessageTemplate> templates) {
        if (entry == null) {
            error(root, "no routes: at least a catch-all route (one without match) is needed");
            return List.of();
        }
        List<Node> items = sequence(entry.getValueNode(), "routes");
        if (items == null) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (Node item : items) {
            Map<String, NodeTuple> f = fields(item, "a route", ROUTE);
            if (f == null) {
                continue;
            }
            String name = required(f, item, "name", "a route").map(n -> name(n, "route name")).orElse(null);
            String where = name == null ? "route" : "route '" + name + "'";
            if (name != null) {
                declaredRoutes.add(name);
            }
            if (name != null && lines.putIfAbsent(name, line(f.get("name").getValueNode())) != null) {
                error(f.get("name").getValueNode(), "route '" + name + "' again (first on line " + lines.get(name) + ")");
            }
            String channel = required(f, item, "channel", where)
                    .map(n -> matching(n, CHANNEL_ID, "channel", "a Slack channel id such as C0123456789")).orElse(null);
            String policy = required(f, item, "policy", where).map(n -> {
                String p = text(n, "policy");
                references.add(() -> {
                    if (p != null && !declared("policy").contains(p)) {
                        error(n, where + " names policy '" + p + "', which is not under policies:" + known(declared("policy")));
                    }
                });
                return p;
            }).orElse(null);
            String template = Optional.ofNullable(f.get("template")).map(t -> {
                String name1 = text(t.getValueNode(), "template");
                if (name1 != null && !templates.containsKey(name1) && !declared("template").contains(name1)) {
                    error(t.getValueNode(), where + " names template '" + name1 + "', which is neither built in nor under templates:"
                            + known(union(templates.keySet(), declared("template"))));
                }
                return name1;
            }).orElse(MessageTemplate.DEFAULT);
            Optional<String> match = Optional.ofNullable(f.get("match")).map(t -> pattern(t.getValueNode(), where));
            Route.Storm storm = f.get("storm") == null ? Route.Storm.DEFAULT : storm(f.get("storm").getValueNode(), where);
            if (name != null && channel != null && policy != null && template != null && storm != null
                    && (f.get("match") == null || match.orElse(null) != null)) {
                routes.add(new Route(name, match.filter(m -> !m.isEmpty()), channel, policy, template, storm));
            }
        }
        if (items.isEmpty()) {
            error(entry.getValueNode(), "no routes: at least a catch-all route (one without match) is needed");
        } else if (items.stream().allMatch(i -> i instanceof MappingNode m
                && m.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("match")))) {
            error(entry.getKeyNode(), "no catch-all route: the last route without match takes the alerts no pattern matches; add one");
        }
        return routes;
    }

    /** The pattern as JSON, checked by Event Ruler as EventBridge would check it; null when it is refused. */
    private String pattern(Node node, String where) {
        if (!(node instanceof MappingNode)) {
            error(node, where + ": match must be an event pattern (a mapping such as { \"source\": [\"klaxon\"] })");
            return null;
        }
        try {
            JsonNode json = YamlJson.toJson(node);
            String text = JsonText.of(json);
            String problem = JsonRuleCompiler.check(text);
            if (problem != null) {
                // Event Ruler appends where in its own JSON text it stopped: the line number says that already.
                error(node, where + ": bad match pattern: " + oneLine(problem).replaceAll("\\s*at \\[Source: .*$", ""));
                return null;
            }
            return text;
        } catch (YamlJson.NotJsonException e) {
            error(e.node(), where + ": bad match pattern: " + e.getMessage());
            return null;
        }
    }

    // ---- policies ----

    private Policy policy(Entry e, Map<String, Schedule> schedules) {
        Map<String, NodeTuple> f = fields(e.value(), "policy '" + e.name() + "'", POLICY);
        if (f == null) {
            return null;
        }
        String where = "policy '" + e.name() + "'";
        Duration claim = duration(f.get("claimTimeout"), Policy.DEFAULT_CLAIM_TIMEOUT, Policy.MIN_CLAIM_TIMEOUT);
        Duration remind = duration(f.get("remindAfter"), Policy.DEFAULT_REMIND_AFTER, Policy.MIN_REMIND_AFTER);
        Boolean autoResolve = Optional.ofNullable(f.get("autoResolve")).map(t -> bool(t.getValueNode(), "autoResolve"))
                .orElse(Boolean.TRUE);
        Duration flapWindow = duration(f.get("flapWindow"), Policy.DEFAULT_FLAP_WINDOW, Policy.MIN_FLAP_WINDOW);
        List<Policy.Level> levels = new ArrayList<>();
        boolean ok = claim != null && remind != null && autoResolve != null && flapWindow != null;
        Optional<Node> levelsNode = required(f, e.value(), "levels", where);
        List<Node> items = levelsNode.map(n -> sequence(n, "levels")).orElse(null);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            error(levelsNode.get(), where + ": levels is empty: give at least one level (mention: [here] mentions the channel)");
        }
        for (Node item : items) {
            Policy.Level level = level(item, where, schedules);
            ok &= level != null;
            if (level != null) {
                levels.add(level);
            }
        }
        return ok && !levels.isEmpty() ? new Policy(e.name(), claim, remind, autoResolve, levels, flapWindow) : null;
    }

    private Policy.Level level(Node node, String where, Map<String, Schedule> schedules) {
        Map<String, NodeTuple> f = fields(node, "an escalation level", LEVEL);
        if (f == null) {
            return null;
        }
        Boolean page = Optional.ofNullable(f.get("page")).map(t -> bool(t.getValueNode(), "page")).orElse(Boolean.FALSE);
        Optional<Node> mentionNode = required(f, node, "mention", "an escalation level");
        List<Node> items = mentionNode.map(n -> sequence(n, "mention")).orElse(null);
        if (items == null || page == null) {
            return null;
        }
        if (items.isEmpty()) {
            error(mentionNode.get(), where + ": mention is empty: name who this level mentions");
            return null;
        }
        List<Mention> mentions = new ArrayList<>();
        for (Node item : items) {
            String text = text(item, "a mention");
            if (text == null) {
                continue;
            }
            Optional<Mention> mention = Mention.parse(text);
            if (mention.isEmpty()) {
                error(item, "'" + text + "' is not a mention: use user:U…, group:S…, schedule:NAME, here or channel");
                continue;
            }
            if (mention.get() instanceof Mention.OnCall(String schedule) && !declared("schedule").contains(schedule)) {
                references.add(() -> error(item, where + " mentions schedule '" + schedule + "', which is not under schedules:"
                        + known(declared("schedule"))));
            }
            mentions.add(mention.get());
        }
        return mentions.size() == items.size() ? new Policy.Level(mentions, page) : null;
    }

    // ---- schedules ----

    private Schedule schedule(Entry e) {
        String where = "schedule '" + e.name() + "'";
        Map<String, NodeTuple> f = fields(e.value(), where, SCHEDULE);
        if (f == null) {
            return null;
        }
        ZoneId zone = required(f, e.value(), "timezone", where).map(n -> {
            String z = text(n, "timezone");
            if (z != null && !ZoneId.getAvailableZoneIds().contains(z)) {
                error(n, "'" + z + "' is not an IANA time zone (such as Europe/Berlin or America/New_York)");
                return null;
            }
            return z == null ? null : ZoneId.of(z);
        }).orElse(null);
        LocalDate start = required(f, e.value(), "start", where).map(n -> parsed(n, "start", LocalDate::parse,
                "a date such as 2026-01-05")).orElse(null);
        LocalTime handoff = required(f, e.value(), "handoff", where).map(n -> {
            String t = matching(n, HANDOFF, "handoff", "a local time such as \"09:00\"");
            return t == null ? null : LocalTime.parse(t);
        }).orElse(null);
        Duration every = required(f, e.value(), "every", where).map(n -> {
            Duration d = duration(n);
            if (d != null && d.compareTo(Schedule.MIN_SHIFT) < 0) {
                error(n, "every: a shift is at least 1h");
                return null;
            }
            return d;
        }).orElse(null);
        Optional<Node> membersNode = required(f, e.value(), "members", where);
        List<String> members = membersNode.map(n -> users(n, "members")).orElse(null);
        if (members != null && members.isEmpty()) {
            error(membersNode.get(), where + ": members is empty: name who takes turns");
            members = null;
        }
        List<Schedule.Override> overrides = Optional.ofNullable(f.get("overrides"))
                .map(t -> overrides(t.getValueNode(), zone)).orElse(List.of());
        if (zone == null || start == null || handoff == null || every == null || members == null || overrides == null) {
            return null;
        }
        return new Schedule(e.name(), zone, start, handoff, every, members, overrides);
    }

    private List<Schedule.Override> overrides(Node node, ZoneId zone) {
        List<Node> items = sequence(node, "overrides");
        if (items == null) {
            return null;
        }
        record Placed(Schedule.Override override, Node node) {
        }
        List<Placed> placed = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            Map<String, NodeTuple> f = fields(item, "an override", OVERRIDE);
            if (f == null) {
                ok = false;
                continue;
            }
            String user = required(f, item, "user", "an override")
                    .map(n -> matching(n, Mention.USER_ID, "user", "a Slack user id such as U0123456789")).orElse(null);
            LocalDateTime from = required(f, item, "from", "an override").map(n -> localDateTime(n, "from")).orElse(null);
            LocalDateTime to = required(f, item, "to", "an override").map(n -> localDateTime(n, "to")).orElse(null);
            if (from != null && to != null && !to.isAfter(from)) {
                error(item, "override: to (" + to + ") must be after from (" + from + "); overrides cover [from, to)");
                ok = false;
            } else if (user != null && from != null && to != null) {
                placed.add(new Placed(new Schedule.Override(user, from, to), item));
            } else {
                ok = false;
            }
        }
        // Overlaps are judged in instants: two local ranges that differ only across a DST change still overlap.
        for (int i = 0; i < placed.size(); i++) {
            for (int j = 0; j < i; j++) {
                Schedule.Override a = placed.get(j).override();
                Schedule.Override b = placed.get(i).override();
                boolean overlap = zone == null
                        ? a.from().isBefore(b.to()) && b.from().isBefore(a.to())
                        : WallClock.instantOf(a.from(), zone).isBefore(WallClock.instantOf(b.to(), zone))
                                && WallClock.instantOf(b.from(), zone).isBefore(WallClock.instantOf(a.to(), zone));
                if (overlap) {
                    error(placed.get(i).node(), "override for " + b.user() + " overlaps the one on line "
                            + line(placed.get(j).node()) + " (for " + a.user() + "): one person per moment");
                    ok = false;
                }
            }
        }
        return ok ? placed.stream().map(Placed::override).toList() : null;
    }

    private LocalDateTime localDateTime(Node n, String key) {
        return parsed(n, key, LocalDateTime::parse, "a local date and time such as \"2026-03-28T09:00\"");
    }

    private List<String> users(Node node, String key) {
        List<Node> items = sequence(node, key);
        if (items == null) {
            return null;
        }
        List<String> users = new ArrayList<>();
        for (Node item : items) {
            String u = matching(item, Mention.USER_ID, key, "a Slack user id such as U0123456789");
            if (u == null) {
                return null;
            }
            users.add(u);
        }
        return users;
    }

    // ---- templates ----

    private MessageTemplate template(Entry e) {
        String where = "template '" + e.name() + "'";
        Map<String, NodeTuple> f = fields(e.value(), where, TEMPLATE);
        if (f == null) {
            return null;
        }
        MessageTemplate base = MessageTemplate.BUILT_IN_DEFAULT;
        List<MessageTemplate.Field> fields = Optional.ofNullable(f.get("fields"))
                .map(t -> facts(t.getValueNode(), where)).orElse(base.fields());
        Boolean summary = flag(f, "summary", base.summary());
        Boolean labels = flag(f, "labels", base.labels());
        Boolean resources = flag(f, "resources", base.resources());
        Boolean links = flag(f, "links", base.links());
        if (fields == null || summary == null || labels == null || resources == null || links == null) {
            return null;
        }
        return new MessageTemplate(e.name(), fields, summary, labels, resources, links);
    }

    private Boolean flag(Map<String, NodeTuple> f, String key, boolean otherwise) {
        return Optional.ofNullable(f.get(key)).map(t -> bool(t.getValueNode(), key)).orElse(otherwise);
    }

    private List<MessageTemplate.Field> facts(Node node, String where) {
        List<Node> items = sequence(node, "fields");
        if (items == null) {
            return null;
        }
        if (items.size() > MessageTemplate.MAX_FIELDS) {
            error(node, where + ": " + items.size() + " fields; Slack shows at most " + MessageTemplate.MAX_FIELDS);
            return null;
        }
        List<MessageTemplate.Field> fields = new ArrayList<>();
        Set<MessageTemplate.Fact> seen = new HashSet<>();
        for (Node item : items) {
            Node factNode = item;
            String label = null;
            if (item instanceof MappingNode) {
                Map<String, NodeTuple> f = fields(item, "a field", FIELD);
                if (f == null || (factNode = required(f, item, "field", "a field").orElse(null)) == null) {
                    return null;
                }
                if (f.get("label") != null) {
                    Node l = f.get("label").getValueNode();
                    label = text(l, "label");
                    if (label != null && (label.isBlank() || label.length() > MessageTemplate.MAX_LABEL
                            || label.chars().anyMatch(Character::isISOControl))) {
                        error(l, "label: one line of 1 to " + MessageTemplate.MAX_LABEL + " characters");
                        return null;
                    }
                }
            }
            String key = text(factNode, "field");
            MessageTemplate.Fact fact = key == null ? null : java.util.Arrays.stream(MessageTemplate.Fact.values())
                    .filter(x -> x.key().equals(key)).findFirst().orElse(null);
            if (fact == null) {
                if (key != null) {
                    error(factNode, "'" + key + "' is not a field: use one of " + java.util.Arrays.stream(MessageTemplate.Fact.values())
                            .map(MessageTemplate.Fact::key).toList());
                }
                return null;
            }
            if (!seen.add(fact)) {
                error(factNode, where + " shows " + key + " twice");
                return null;
            }
            fields.add(new MessageTemplate.Field(fact, label == null ? fact.defaultLabel() : label));
        }
        return fields;
    }

    // ---- destinations ----

    private List<DestinationSpec> destinations(NodeTuple entry) {
        if (entry == null) {
            return List.of();
        }
        List<Node> items = sequence(entry.getValueNode(), "destinations");
        if (items == null) {
            return List.of();
        }
        List<DestinationSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : items) {
            Map<String, NodeTuple> f = fields(item, "a destination", DESTINATION);
            if (f == null) {
                continue;
            }
            String name = required(f, item, "name", "a destination").map(n -> name(n, "destination name")).orElse(null);
            String where = name == null ? "destination" : "destination '" + name + "'";
            if (name != null && !names.add(name)) {
                error(f.get("name").getValueNode(), "destination '" + name + "' again");
            }
            String type = required(f, item, "type", where).map(n -> oneOf(n, "type", DestinationSpec.TYPES)).orElse(null);
            String url = optionalText(f, "url", where);
            String secret = optionalText(f, "secret", where);
            String routingKey = optionalText(f, "routingKey", where);
            List<String> to = f.containsKey("to") ? texts(f.get("to").getValueNode(), "to") : List.of();
            List<String> events = f.containsKey("events") ? texts(f.get("events").getValueNode(), "events") : List.of();
            events.stream().filter(e -> !DestinationSpec.EVENTS.contains(e)).forEach(e -> error(f.get("events").getValueNode(),
                    where + ": '" + e + "' is not a lifecycle event (expected one of " + DestinationSpec.EVENTS + ")"));
            List<String> routes = f.containsKey("routes") ? texts(f.get("routes").getValueNode(), "routes") : List.of();
            if (f.containsKey("routes")) {
                Node node = f.get("routes").getValueNode();
                references.add(() -> routes.stream().filter(r -> !declaredRoutes.contains(r)).forEach(r -> error(node,
                        where + " names route '" + r + "', which is not under routes:" + known(declaredRoutes))));
            }
            String locale = f.containsKey("locale") ? oneOf(f.get("locale").getValueNode(), "locale", DestinationSpec.LOCALES) : null;
            if (type != null) {
                if (type.equals("pagerduty") && routingKey == null) {
                    error(item, where + " (pagerduty) has no routingKey");
                }
                if (type.equals("email") && to.isEmpty()) {
                    error(item, where + " (email) has no to: addresses");
                }
                if (!type.equals("pagerduty") && !type.equals("email") && url == null) {
                    error(item, where + " (" + type + ") has no url");
                }
            }
            if (name != null && type != null) {
                out.add(new DestinationSpec(name, type, url, secret, routingKey, to, Set.copyOf(routes),
                        Set.copyOf(events), locale));
            }
        }
        return out;
    }

    private String optionalText(Map<String, NodeTuple> f, String key, String where) {
        NodeTuple t = f.get(key);
        if (t == null) {
            return null;
        }
        String value = text(t.getValueNode(), key);
        if (value != null && value.replaceAll(DestinationSpec.PLACEHOLDER, "").contains("${")) {
            error(t.getValueNode(), where + ": " + key + " has a malformed placeholder; write ${NAME} with A-Z, 0-9 and _");
        }
        return value;
    }

    private List<String> texts(Node node, String key) {
        List<Node> items = sequence(node, key);
        if (items == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node n : items) {
            String t = text(n, key + " entry");
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private String oneOf(Node node, String key, List<String> allowed) {
        String t = text(node, key);
        if (t != null && !allowed.contains(t)) {
            error(node, key + ": '" + t + "' is not one of " + allowed);
            return null;
        }
        return t;
    }

    // ---- node helpers ----

    private record Entry(String name, Node key, Node value) {
    }

    /** A section of named things ({@code policies:}, …); names are lower-case words. Skips the ones in error. */
    private <T> Map<String, T> named(NodeTuple section, String what, Function<Entry, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        if (section == null) {
            return out;
        }
        Node node = section.getValueNode();
        if (!(node instanceof MappingNode m)) {
            error(node, section.getKeyNode() instanceof ScalarNode k ? k.getValue() + " must be a mapping of names to " + what
                    + " settings" : "expected a mapping");
            return out;
        }
        Set<String> seen = declared(what);
        for (NodeTuple t : m.getValue()) {
            String name = name(t.getKeyNode(), what + " name");
            if (name == null) {
                continue;
            }
            if (!seen.add(name)) {
                error(t.getKeyNode(), what + " '" + name + "' again");
                continue;
            }
            T value = read.apply(new Entry(name, t.getKeyNode(), t.getValueNode()));
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** The keys of a mapping, each once and each one of {@code allowed}; null (reported) when it is no mapping. */
    private Map<String, NodeTuple> fields(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            error(node, what + " must be a mapping (key: value), not " + kind(node));
            return null;
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                error(t.getKeyNode(), "a key must be a word, not " + kind(t.getKeyNode()));
                continue;
            }
            if (!allowed.contains(key.getValue())) {
                error(key, "unknown key '" + key.getValue() + "' in " + what + " (expected "
                        + allowed.stream().sorted().toList() + ")");
            } else if (out.putIfAbsent(key.getValue(), t) != null) {
                error(key, "key '" + key.getValue() + "' again in " + what + " (first on line "
                        + line(out.get(key.getValue()).getKeyNode()) + ")");
            }
        }
        return out;
    }

    private Optional<Node> required(Map<String, NodeTuple> f, Node owner, String key, String what) {
        NodeTuple t = f.get(key);
        if (t == null) {
            error(owner, what + " has no " + key);
            return Optional.empty();
        }
        return Optional.of(t.getValueNode());
    }

    private List<Node> sequence(Node node, String key) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        error(node, key + " must be a list, not " + kind(node));
        return null;
    }

    private String text(Node node, String key) {
        if (node instanceof ScalarNode s && YamlJson.isText(s)) {
            return s.getValue();
        }
        error(node, key + " must be text, not " + kind(node));
        return null;
    }

    private String name(Node node, String key) {
        return matching(node, Mention.NAME, key, "lower-case letters, digits, - and _");
    }

    private String matching(Node node, String regex, String key, String expected) {
        String t = text(node, key);
        if (t != null && !t.matches(regex)) {
            error(node, key + ": '" + t + "' is not " + expected);
            return null;
        }
        return t;
    }

    private Boolean bool(Node node, String key) {
        Boolean b = node instanceof ScalarNode s ? YamlJson.bool(s) : null;
        if (b == null) {
            error(node, key + " must be true or false, not " + kind(node));
        }
        return b;
    }

    private Duration duration(NodeTuple t, Duration otherwise, Duration min) {
        if (t == null) {
            return otherwise;
        }
        Duration d = duration(t.getValueNode());
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        if (d != null && d.compareTo(min) < 0) {
            error(t.getValueNode(), key + ": at least " + DurationText.format(min));
            return null;
        }
        return d;
    }

    private Duration duration(Node node) {
        String t = text(node, "a duration");
        if (t == null) {
            return null;
        }
        Optional<Duration> d = DurationText.parse(t);
        if (d.isEmpty()) {
            error(node, "'" + t + "' is not a duration: a whole number and s, m, h, d or w (30s, 5m, 1h, 1d, 1w)");
        }
        return d.orElse(null);
    }

    private <T> T parsed(Node node, String key, Function<String, T> parse, String expected) {
        String t = text(node, key);
        if (t == null) {
            return null;
        }
        try {
            return parse.apply(t);
        } catch (DateTimeException e) {
            error(node, key + ": '" + t + "' is not " + expected);
            return null;
        }
    }

    private Set<String> declared(String what) {
        return declared.computeIfAbsent(what, w -> new HashSet<>());
    }

    private void error(Node node, String message) {
        errors.add(new ConfigError(file, line(node), message));
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static String kind(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.NULL) -> "nothing";
            case ScalarNode s when YamlJson.isText(s) -> "'" + s.getValue() + "'";
            case ScalarNode s -> s.getValue() + " (" + s.getTag().getValue().replace("tag:yaml.org,2002:", "") + ")";
            default -> "that";
        };
    }

    private static String known(java.util.Collection<String> names) {
        return names.isEmpty() ? " (there are none)" : " (known: " + String.join(", ", new java.util.TreeSet<>(names)) + ")";
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
