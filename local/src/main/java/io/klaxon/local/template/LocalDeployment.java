package io.klaxon.local.template;

import io.klaxon.local.iam.Policies;
import io.klaxon.local.iam.Role;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sam/template.yaml} deployed as the local stack: what CloudFormation and the SAM translator
 * would make of it, resource by resource. Each function gets exactly its own environment
 * ({@code Globals.Function.Environment} merged with the function's, as SAM merges them) and the role
 * its {@code Policies} describe; nothing is shared that AWS would not share.
 */
public final class LocalDeployment {

    private final TemplateModel template;
    private final Intrinsics stack;
    private final Policies policies;
    private final List<FunctionView> functions = new ArrayList<>();
    private StateMachineView stateMachine;

    LocalDeployment(TemplateModel template, Intrinsics stack) {
        this.template = template;
        this.stack = stack;
        this.policies = Policies.load(JsonMapper.createDefault());
        template.resources().forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                functions.add(deployFunction(id));
            }
        });
    }

    public Intrinsics stack() {
        return stack;
    }

    public List<FunctionView> functions() {
        return List.copyOf(functions);
    }

    /** A function by logical id, name or ARN (an ARN with a version or alias qualifier included). */
    public Optional<FunctionView> function(String reference) {
        return functions.stream().filter(f -> f.logicalId().equals(reference) || f.functionName().equals(reference)
                || f.arn().equals(reference) || reference.startsWith(f.arn() + ":")).findFirst();
    }

    /** The functions running a handler class (the interact jar has two handlers, one function each). */
    public Optional<FunctionView> functionRunning(String handlerClass) {
        return functions.stream().filter(f -> f.handler().equals(handlerClass)).findFirst();
    }

    /**
     * The rules on the account's default bus with their patterns resolved as CloudFormation would
     * ({@code !Ref}, {@code !Sub} of stack resources, {@code !FindInMap} and {@code !If} on this stack's
     * parameters), ready for Event Ruler.
     */
    @SuppressWarnings("unchecked")
    public List<TemplateModel.BusRule> defaultBusRules() {
        return template.defaultBusRules().stream()
                .map(r -> new TemplateModel.BusRule(r.name(), (Map<String, Object>) stack.resolve(r.pattern()),
                        r.targetLogicalId()))
                .toList();
    }

    public StateMachineView stateMachine() {
        if (stateMachine == null) {
            String id = template.stateMachineLogicalId();
            Map<String, Object> props = template.properties(id);
            Map<String, String> substitutions = new LinkedHashMap<>();
            TemplateModel.map(props.get("DefinitionSubstitutions")).forEach((k, v) ->
                    substitutions.put(k, stack.resolveString(v, id + " DefinitionSubstitutions." + k)));
            String name = stack.name(id);
            stateMachine = new StateMachineView(id, name, stack.getAtt(id, "Arn"), template.definitionPath(), substitutions,
                    role(id, name, props));
        }
        return stateMachine;
    }

    private FunctionView deployFunction(String id) {
        Map<String, Object> props = template.properties(id);
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> scope : List.of(template.globalFunction(), props)) {
            TemplateModel.map(TemplateModel.map(scope.get("Environment")).get("Variables")).forEach((k, v) ->
                    environment.put(k, stack.resolveString(v, id + " environment variable " + k)));
        }
        String name = stack.name(id);
        Object codeUri = props.getOrDefault("CodeUri", template.globalFunction().get("CodeUri"));
        Object handler = props.getOrDefault("Handler", template.globalFunction().get("Handler"));
        return new FunctionView(id, String.valueOf(handler),
                template.templateDir().resolve(String.valueOf(codeUri)).normalize(), name, stack.getAtt(id, "Arn"),
                environment, role(id, name, props), timeout(id, props.getOrDefault("Timeout",
                        template.globalFunction().get("Timeout"))));
    }

    /** Lambda's default when the template sets none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** A function's Timeout: whole seconds, 1 to 900, as Lambda takes it. */
    private static Duration timeout(String id, Object value) {
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        long seconds;
        try {
            seconds = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(id + " Timeout must be a number of seconds, got " + value);
        }
        if (seconds < 1 || seconds > 900) {
            throw new IllegalStateException(id + " Timeout must be 1 to 900 seconds, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** The role SAM generates ({@code <LogicalId>Role}), assumed by the service under the resource's name. */
    private Role role(String id, String sessionName, Map<String, Object> props) {
        if (props.get("Role") != null) {
            throw new IllegalStateException(id + " names its own Role; the local runtime checks only SAM-generated roles");
        }
        return new Role(id, Intrinsics.STACK_NAME + "-" + id + "Role", sessionName, Intrinsics.ACCOUNT,
                policies.expand(id, props.get("Policies"), stack));
    }
}
