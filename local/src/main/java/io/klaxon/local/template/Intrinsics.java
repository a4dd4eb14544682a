package io.klaxon.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation's intrinsic functions ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::Join}, {@code Fn::FindInMap}, {@code Fn::If} over the template's {@code Conditions},
 * {@code AWS::NoValue}) evaluated for the local stack: the pseudo parameters of a stack named
 * {@value #STACK_NAME} in account {@value #ACCOUNT}, {@value #REGION}; parameters from the local
 * values or the template's {@code Default}; and for each resource the physical name and ARN
 * CloudFormation would give it (a generated name is {@code <stack>-<LogicalId>}, without the
 * random suffix). Anything it does not model is refused with an error naming it, never guessed.
 */
public final class Intrinsics {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    public static final String PARTITION = "aws";
    public static final String STACK_NAME = "klaxon-local";
    public static final String URL_SUFFIX = "amazonaws.com";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, Map<String, Object>> resources;
    private final Map<String, Map<String, Object>> parameters;
    private final Map<String, String> values;
    private final Map<String, Object> mappings;
    private final Map<String, Object> conditions;
    private final Map<String, Object> globalFunction;

    /**
     * What {@code !Ref AWS::NoValue} resolves to: a map entry or list item resolving to it is left
     * out, as CloudFormation leaves out the property.
     */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** @param globalFunction {@code Globals.Function}, whose {@code AutoPublishAlias} a function may inherit */
    Intrinsics(Map<String, Map<String, Object>> resources, Map<String, Map<String, Object>> parameters,
               Map<String, String> values, Map<String, Object> mappings, Map<String, Object> conditions,
               Map<String, Object> globalFunction) {
        this.resources = resources;
        this.parameters = parameters;
        this.values = Map.copyOf(values);
        this.mappings = mappings;
        this.conditions = conditions;
        this.globalFunction = globalFunction;
    }

    /**
     * The same stack with extra parameters that shadow the template's, as a SAM policy template's
     * own parameters ({@code TableName}, {@code EventBusName} …) do while it is expanded.
     */
    public Intrinsics withParameters(Map<String, String> extra) {
        Map<String, Map<String, Object>> declared = new LinkedHashMap<>(parameters);
        extra.keySet().forEach(name -> declared.put(name, Map.of()));
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(extra);
        return new Intrinsics(resources, declared, merged, mappings, conditions, globalFunction);
    }

    /** Resolves every intrinsic in a value (maps and lists deeply); literals are returned as they are. */
    public Object resolve(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return intrinsic(key, m.values().iterator().next());
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                Object resolved = resolve(v);
                if (resolved != NO_VALUE) {
                    out.put(String.valueOf(k), resolved);
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> {
                Object resolved = resolve(v);
                if (resolved != NO_VALUE) {
                    out.add(resolved);
                }
            });
            return out;
        }
        return value;
    }

    /** Resolves a value that must come out as one string (an environment variable, an ARN). */
    public String resolveString(Object value, String where) {
        Object resolved = resolve(value);
        if (resolved instanceof String || resolved instanceof Number || resolved instanceof Boolean) {
            return resolved.toString();
        }
        throw new IllegalStateException(where + " must resolve to a string, not " + resolved);
    }

    private Object intrinsic(String function, Object argument) {
        return switch (function) {
            case "Ref" -> "AWS::NoValue".equals(argument) ? NO_VALUE : ref(String.valueOf(argument));
            case "Fn::FindInMap" -> findInMap(argument);
            case "Fn::If" -> {
                if (!(argument instanceof List<?> l) || l.size() != 3) {
                    throw new IllegalStateException("Fn::If needs [condition, value if true, value if false], got " + argument);
                }
                yield resolve(condition(String.valueOf(l.get(0))) ? l.get(1) : l.get(2));
            }
            case "Fn::GetAtt" -> {
                List<?> parts = argument instanceof List<?> l ? l : List.of(String.valueOf(argument).split("\\.", 2));
                if (parts.size() != 2) {
                    throw new IllegalStateException("Fn::GetAtt needs LogicalId.Attribute, got " + argument);
                }
                yield getAtt(String.valueOf(parts.get(0)), String.valueOf(resolve(parts.get(1))));
            }
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<?> parts = argument instanceof List<?> l && l.size() == 2 ? l : null;
                if (parts == null || !(resolve(parts.get(1)) instanceof List<?> items)) {
                    throw new IllegalStateException("Fn::Join needs [delimiter, [values]], got " + argument);
                }
                yield String.join(String.valueOf(parts.get(0)), items.stream().map(String::valueOf).toList());
            }
            default -> throw new IllegalStateException("the local runtime does not evaluate " + function
                    + " (in " + argument + ")");
        };
    }

    /** {@code Fn::FindInMap}: a value (a string or a list of strings) of the template's Mappings. */
    private Object findInMap(Object argument) {
        if (!(argument instanceof List<?> l) || l.size() != 3) {
            throw new IllegalStateException("Fn::FindInMap needs [map, top-level key, second-level key], got " + argument);
        }
        String map = resolveString(l.get(0), "Fn::FindInMap map name");
        String key = resolveString(l.get(1), "Fn::FindInMap top-level key");
        String name = resolveString(l.get(2), "Fn::FindInMap second-level key");
        Object value = TemplateModel.map(TemplateModel.map(mappings.get(map)).get(key)).get(name);
        if (value == null) {
            throw new IllegalStateException("the template's Mappings have no " + map + "." + key + "." + name);
        }
        return value;
    }

    /** A condition of the template's {@code Conditions}, evaluated with this stack's parameters. */
    public boolean condition(String name) {
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new IllegalStateException("the template has no condition " + name);
        }
        return evaluate(definition, name);
    }

    private boolean evaluate(Object definition, String where) {
        if (definition instanceof Map<?, ?> m && m.size() == 1) {
            String function = String.valueOf(m.keySet().iterator().next());
            Object argument = m.values().iterator().next();
            List<?> args = argument instanceof List<?> l ? l : List.of(argument);
            switch (function) {
                case "Condition":
                    return condition(String.valueOf(argument));
                case "Fn::Equals":
                    if (args.size() != 2) {
                        throw new IllegalStateException(where + ": Fn::Equals needs two values, got " + argument);
                    }
                    return resolveString(args.get(0), where).equals(resolveString(args.get(1), where));
                case "Fn::Not":
                    return !evaluate(args.getFirst(), where);
                case "Fn::And":
                    return args.stream().allMatch(a -> evaluate(a, where));
                case "Fn::Or":
                    return args.stream().anyMatch(a -> evaluate(a, where));
                default:
                    break;
            }
        }
        throw new IllegalStateException("the local runtime cannot evaluate the condition " + where + ": " + definition);
    }

    /** {@code Ref}: a pseudo parameter, a parameter's value, or a resource's physical id. */
    public String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return PARTITION;
            case "AWS::StackName":
                return STACK_NAME;
            case "AWS::URLSuffix":
                return URL_SUFFIX;
            case "AWS::StackId":
                return "arn:" + PARTITION + ":cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + STACK_NAME
                        + "/00000000-0000-0000-0000-000000000000";
            default:
                break;
        }
        if (name.endsWith(ALIAS_REFERENCE) && !resources.containsKey(name)) {
            return aliasArn(name.substring(0, name.length() - ALIAS_REFERENCE.length()));
        }
        if (parameters.containsKey(name)) {
            String value = values.get(name);
            if (value != null) {
                return value;
            }
            Object fallback = parameters.get(name).get("Default");
            if (fallback == null) {
                throw new IllegalStateException("parameter " + name + " has no local value and no Default");
            }
            return String.valueOf(fallback);
        }
        Map<String, Object> resource = resource(name);
        String type = String.valueOf(resource.get("Type"));
        return switch (type) {
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine", "AWS::SNS::Topic",
                 "AWS::SecretsManager::Secret" -> getAtt(name, "Arn");
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + "." + URL_SUFFIX + "/" + ACCOUNT + "/" + name(name);
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> STACK_NAME.replace("-", "") + name.toLowerCase();
            default -> name(name);
        };
    }

    /** SAM's {@code <Function>.Alias}: the alias {@code AutoPublishAlias} generates. */
    static final String ALIAS_REFERENCE = ".Alias";

    /**
     * {@code !Ref <Function>.Alias}: the ARN of the alias SAM publishes for a function with
     * {@code AutoPublishAlias} (its own or the Globals'), i.e. the function's ARN qualified by the alias
     * name. A function without one has no alias to refer to: refused, as SAM would refuse it.
     */
    public String aliasArn(String functionLogicalId) {
        Map<String, Object> resource = resource(functionLogicalId);
        if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
            throw new IllegalStateException(functionLogicalId + ALIAS_REFERENCE + ": " + functionLogicalId
                    + " is not an AWS::Serverless::Function");
        }
        Object alias = TemplateModel.map(resource.get("Properties")).getOrDefault("AutoPublishAlias",
                globalFunction.get("AutoPublishAlias"));
        if (alias == null) {
            throw new IllegalStateException(functionLogicalId + ALIAS_REFERENCE + ": " + functionLogicalId
                    + " has no AutoPublishAlias (neither its own nor in Globals.Function)");
        }
        return getAtt(functionLogicalId, "Arn") + ":" + resolveString(alias, functionLogicalId + ".AutoPublishAlias");
    }

    /** {@code Fn::GetAtt} for the attributes the template uses: ARNs and names. */
    public String getAtt(String logicalId, String attribute) {
        Map<String, Object> resource = resource(logicalId);
        String type = String.valueOf(resource.get("Type"));
        String name = name(logicalId);
        String prefix = "arn:" + PARTITION + ":";
        String regional = REGION + ":" + ACCOUNT + ":";
        if (attribute.equals("Arn")) {
            return switch (type) {
                case "AWS::Serverless::Function", "AWS::Lambda::Function" -> prefix + "lambda:" + regional + "function:" + name;
                case "AWS::Events::EventBus" -> prefix + "events:" + regional + "event-bus/" + name;
                case "AWS::Events::Rule" -> prefix + "events:" + regional + "rule/" + name;
                case "AWS::DynamoDB::Table" -> prefix + "dynamodb:" + regional + "table/" + name;
                case "AWS::SQS::Queue" -> prefix + "sqs:" + regional + name;
                case "AWS::SNS::Topic" -> prefix + "sns:" + regional + name;
                case "AWS::Logs::LogGroup" -> prefix + "logs:" + regional + "log-group:" + name + ":*";
                // Secrets Manager appends six random characters to a secret's name.
                case "AWS::SecretsManager::Secret" -> prefix + "secretsmanager:" + regional + "secret:" + name + "-Local1";
                case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" ->
                        prefix + "states:" + regional + "stateMachine:" + name;
                default -> throw new IllegalStateException("the local runtime has no ARN for " + logicalId + " (" + type + ")");
            };
        }
        if (attribute.equals("Name") || attribute.equals("QueueName") || attribute.equals("TopicName")) {
            return name;
        }
        throw new IllegalStateException("the local runtime does not model " + logicalId + "." + attribute);
    }

    /**
     * The physical name of a resource: its own name property when the template sets one, else the
     * name CloudFormation generates ({@code <stack>-<LogicalId>}, here without the random suffix).
     */
    public String name(String logicalId) {
        Map<String, Object> resource = resource(logicalId);
        Map<String, Object> props = TemplateModel.map(resource.get("Properties"));
        String property = switch (String.valueOf(resource.get("Type"))) {
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> "FunctionName";
            case "AWS::DynamoDB::Table" -> "TableName";
            case "AWS::Events::EventBus", "AWS::Events::Rule", "AWS::Serverless::StateMachine",
                 "AWS::SecretsManager::Secret" -> "Name";
            case "AWS::StepFunctions::StateMachine" -> "StateMachineName";
            case "AWS::SQS::Queue" -> "QueueName";
            case "AWS::SNS::Topic" -> "TopicName";
            case "AWS::Logs::LogGroup" -> "LogGroupName";
            default -> null;
        };
        Object named = property == null ? null : props.get(property);
        return named == null ? STACK_NAME + "-" + logicalId : resolveString(named, logicalId + "." + property);
    }

    private Object sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> l && l.size() == 2) {
            text = String.valueOf(l.get(0));
            variables = TemplateModel.map(l.get(1));
        } else {
            text = String.valueOf(argument);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = resolveString(variables.get(variable), "Fn::Sub variable " + variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                String[] parts = variable.split("\\.", 2);
                replacement = getAtt(parts[0], parts[1]);
            } else {
                replacement = ref(variable);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalStateException("the template has no parameter or resource " + logicalId);
        }
        return resource;
    }
}
