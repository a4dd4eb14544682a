package io.klaxon.local.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * What the local runtime needs to know from {@code sam/template.yaml}: the rules on the Klaxon bus,
 * the state machine's definition file and substitutions, and which handler class each function
 * runs. Reading the real template (instead of a local copy of the wiring) means the local runtime
 * and the end-to-end tests route events exactly as the deployed stack does. {@link #deploy} resolves
 * it the way CloudFormation would for a local stack: each function's environment and IAM policies.
 */
public final class TemplateModel {

    private final Path templateDir;
    private final Map<String, Map<String, Object>> resources;
    private final Map<String, Map<String, Object>> parameters;
    private final Map<String, Object> globalFunction;
    private final Map<String, Object> mappings;
    private final Map<String, Object> conditions;

    private TemplateModel(Path templateDir, Map<String, Map<String, Object>> resources,
                          Map<String, Map<String, Object>> parameters, Map<String, Object> globalFunction,
                          Map<String, Object> mappings, Map<String, Object> conditions) {
        this.templateDir = templateDir;
        this.resources = resources;
        this.parameters = parameters;
        this.globalFunction = globalFunction;
        this.mappings = mappings;
        this.conditions = conditions;
    }

    /** A rule on the Klaxon bus: its Event Ruler pattern and the logical id of its target. */
    public record BusRule(String name, Map<String, Object> pattern, String targetLogicalId) {
    }

    public static TemplateModel load(Path template) {
        try (Reader reader = Files.newBufferedReader(template)) {
            return parse(reader, template.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + template + ": " + e.getMessage(), e);
        }
    }

    /**
     * A template given as text (e.g. a test's edited copy of the real one).
     *
     * @param templateDir the directory its relative paths ({@code CodeUri}, {@code DefinitionUri}) start from
     */
    public static TemplateModel parse(String yaml, Path templateDir) {
        return parse(new java.io.StringReader(yaml), templateDir.toAbsolutePath());
    }

    private static TemplateModel parse(Reader reader, Path templateDir) {
        Map<String, Object> root = new Yaml(new CloudFormationConstructor()).load(reader);
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        map(root.get("Resources")).forEach((id, r) -> resources.put(id, map(r)));
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((id, p) -> parameters.put(id, map(p)));
        return new TemplateModel(templateDir, resources, parameters, map(map(root.get("Globals")).get("Function")),
                map(root.get("Mappings")), map(root.get("Conditions")));
    }

    /**
     * The template as CloudFormation would deploy it as the local stack: intrinsics resolved with
     * these parameter values (the template's {@code Default} for the others), each function's
     * environment and policies, the state machine's role.
     */
    public LocalDeployment deploy(Map<String, String> parameterValues) {
        return new LocalDeployment(this, new Intrinsics(resources, parameters, parameterValues, mappings, conditions,
                globalFunction));
    }

    Map<String, Map<String, Object>> resources() {
        return resources;
    }

    Map<String, Object> globalFunction() {
        return globalFunction;
    }

    Path templateDir() {
        return templateDir;
    }

    public boolean hasResource(String logicalId) {
        return resources.containsKey(logicalId);
    }

    public Optional<String> busLogicalId() {
        return firstOfType("AWS::Events::EventBus");
    }

    public String tableLogicalId() {
        return firstOfType("AWS::DynamoDB::Table")
                .orElseThrow(() -> new IllegalStateException("the template has no AWS::DynamoDB::Table"));
    }

    public String stateMachineLogicalId() {
        return firstOfType("AWS::Serverless::StateMachine")
                .orElseThrow(() -> new IllegalStateException("the template has no AWS::Serverless::StateMachine"));
    }

    public Path definitionPath() {
        Object uri = properties(stateMachineLogicalId()).get("DefinitionUri");
        if (!(uri instanceof String path)) {
            throw new IllegalStateException("the state machine's DefinitionUri must be a relative file path");
        }
        return templateDir.resolve(path).normalize();
    }

    /**
     * The state machine's DefinitionSubstitutions, resolved for local use: a reference to a resource
     * ({@code !GetAtt F.Arn}, {@code !Ref F}) becomes that resource's logical id, a literal stays.
     */
    public Map<String, String> definitionSubstitutions(Map<String, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>();
        map(properties(stateMachineLogicalId()).get("DefinitionSubstitutions"))
                .forEach((k, v) -> out.put(k, overrides.getOrDefault(k, referencedId(v))));
        return out;
    }

    /** The Handler of a function resource, e.g. {@code io.klaxon.notify.NotifyHandler}. */
    public Optional<String> handlerOf(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        if (resource == null || !"AWS::Serverless::Function".equals(resource.get("Type"))) {
            return Optional.empty();
        }
        Object handler = properties(logicalId).get("Handler");
        return Optional.ofNullable(handler).map(Object::toString);
    }

    /**
     * Every rule on the Klaxon bus, whether written as {@code AWS::Events::Rule} resources or as
     * SAM {@code EventBridgeRule} event sources on a function or the state machine.
     */
    public List<BusRule> busRules() {
        return rulesOn(busLogicalId().orElse(null));
    }

    /**
     * Every rule on the account's default bus (no {@code EventBusName}, or {@code default}), where AWS
     * services put their events: Step Functions' execution status changes, the optional sources.
     */
    public List<BusRule> defaultBusRules() {
        return rulesOn(DEFAULT_BUS);
    }

    private static final String DEFAULT_BUS = "default";

    private List<BusRule> rulesOn(String bus) {
        List<BusRule> rules = new ArrayList<>();
        resources.forEach((id, resource) -> {
            Map<String, Object> props = map(resource.get("Properties"));
            if ("AWS::Events::Rule".equals(resource.get("Type"))) {
                if (!onBus(props.get("EventBusName"), bus) || props.get("EventPattern") == null) {
                    return;
                }
                for (Object target : list(props.get("Targets"))) {
                    rules.add(new BusRule(id, map(props.get("EventPattern")), referencedId(map(target).get("Arn"))));
                }
            } else if (props.get("Events") != null) {
                map(props.get("Events")).forEach((eventId, source) -> {
                    Map<String, Object> event = map(source);
                    Object type = event.get("Type");
                    Map<String, Object> eventProps = map(event.get("Properties"));
                    if (("EventBridgeRule".equals(type) || "CloudWatchEvent".equals(type))
                            && onBus(eventProps.get("EventBusName"), bus)) {
                        rules.add(new BusRule(id + "." + eventId, map(eventProps.get("Pattern")), id));
                    }
                });
            }
        });
        return rules;
    }

    private boolean onBus(Object busRef, String busId) {
        if (DEFAULT_BUS.equals(busId)) {
            return busRef == null || DEFAULT_BUS.equals(referencedId(busRef));
        }
        return busId != null && busRef != null && busId.equals(referencedId(busRef));
    }

    private Optional<String> firstOfType(String type) {
        return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey).findFirst();
    }

    Map<String, Object> properties(String logicalId) {
        return map(resources.getOrDefault(logicalId, Map.of()).get("Properties"));
    }

    /**
     * The logical id an intrinsic refers to ({@code Ref}, {@code Fn::GetAtt}), or the literal. SAM's
     * {@code !Ref <Function>.Alias} refers to the function: the local runtime runs one copy of each
     * function, its alias included.
     */
    static String referencedId(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            Object ref = m.get("Ref");
            if (ref != null) {
                String id = ref.toString();
                return id.endsWith(Intrinsics.ALIAS_REFERENCE)
                        ? id.substring(0, id.length() - Intrinsics.ALIAS_REFERENCE.length()) : id;
            }
            Object att = m.get("Fn::GetAtt");
            if (att instanceof List<?> l && !l.isEmpty()) {
                return l.getFirst().toString();
            }
            if (att != null) {
                String s = att.toString();
                return s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
            }
            Object sub = m.get("Fn::Sub");
            if (sub != null) {
                return sub instanceof List<?> l ? l.getFirst().toString() : sub.toString();
            }
        }
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    /** Reads CloudFormation's short-form intrinsics ({@code !Ref}, {@code !GetAtt} …) as their long form. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String name = "Ref".equals(tag) ? "Ref" : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = "GetAtt".equals(tag) ? List.of(scalar.getValue().split("\\.", 2)) : scalar.getValue();
                    } else if (node instanceof SequenceNode seq) {
                        value = constructSequence(seq);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(name, value);
                }
            });
        }
    }
}
