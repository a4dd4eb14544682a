package io.klaxon.local.iam;

import io.klaxon.local.template.Intrinsics;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a SAM resource's {@code Policies} into IAM statements the way the SAM translator does:
 * a policy template ({@code DynamoDBCrudPolicy: {TableName: …}}) becomes its definition with the
 * parameters substituted, an inline policy document ({@code Statement: […]}) is taken as written.
 * The definitions are SAM's own ({@code sam-policy-templates.json}, copied from the translator).
 */
public final class Policies {

    static final String TEMPLATES_RESOURCE = "sam-policy-templates.json";

    private final Map<String, Object> templates;

    private Policies(Map<String, Object> templates) {
        this.templates = templates;
    }

    public static Policies load(JsonMapper json) {
        try (InputStream in = Policies.class.getResourceAsStream(TEMPLATES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATES_RESOURCE);
            }
            Map<String, Object> file = json.readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
            return new Policies(map(file.get("Templates")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATES_RESOURCE, e);
        }
    }

    /** The policy template definitions this runtime knows, by name (SAM's JSON shape). */
    public Map<String, Object> templates() {
        return templates;
    }

    /**
     * @param owner    the resource's logical id, for error messages
     * @param policies the resource's {@code Policies} property (a list, one policy, or absent)
     * @param stack    resolves the intrinsics in parameters and definitions
     */
    public List<Statement> expand(String owner, Object policies, Intrinsics stack) {
        List<Object> entries = policies == null ? List.of()
                : policies instanceof List<?> l ? new ArrayList<>(l) : List.of(policies);
        List<Statement> statements = new ArrayList<>();
        for (Object listed : entries) {
            // A conditional policy (!If [condition, policy, !Ref AWS::NoValue]) is the branch its condition picks.
            Object entry = listed instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::If")
                    ? stack.resolve(listed) : listed;
            if (entry == Intrinsics.NO_VALUE) {
                continue;
            }
            if (!(entry instanceof Map<?, ?> policy)) {
                throw new IllegalStateException(owner + ": the managed policy " + entry
                        + " cannot be checked locally; use a policy template or an inline statement");
            }
            if (policy.containsKey("Statement")) {
                statements.addAll(statements(owner, stack.resolve(policy.get("Statement"))));
            } else if (policy.size() == 1) {
                String name = String.valueOf(policy.keySet().iterator().next());
                statements.addAll(template(owner, name, policy.get(name), stack));
            } else {
                throw new IllegalStateException(owner + ": a policy must be one policy template or a document with Statement, got "
                        + policy.keySet());
            }
        }
        return statements;
    }

    private List<Statement> template(String owner, String name, Object arguments, Intrinsics stack) {
        Map<String, Object> template = map(templates.get(name));
        if (template.isEmpty()) {
            throw new IllegalStateException(owner + ": unknown policy template " + name + " (known: " + templates.keySet()
                    + "; copy its definition from the SAM translator into " + TEMPLATES_RESOURCE + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Object> given = map(arguments);
        for (String parameter : map(template.get("Parameters")).keySet()) {
            if (!given.containsKey(parameter)) {
                throw new IllegalStateException(owner + ": policy template " + name + " needs parameter " + parameter);
            }
            values.put(parameter, stack.resolveString(given.get(parameter), owner + " " + name + "." + parameter));
        }
        Object definition = stack.withParameters(values).resolve(map(template.get("Definition")).get("Statement"));
        return statements(owner + " " + name, definition);
    }

    private static List<Statement> statements(String owner, Object resolved) {
        List<Statement> out = new ArrayList<>();
        for (Object s : resolved instanceof List<?> l ? l : List.of(resolved)) {
            Map<String, Object> statement = map(s);
            for (String unsupported : List.of("NotAction", "NotResource", "Condition", "Principal")) {
                if (statement.containsKey(unsupported)) {
                    throw new IllegalStateException(owner + ": the local IAM check does not evaluate " + unsupported);
                }
            }
            String effect = String.valueOf(statement.get("Effect"));
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new IllegalStateException(owner + ": Effect must be Allow or Deny, got " + effect);
            }
            out.add(new Statement(effect.equals("Allow"), strings(statement.get("Action")), strings(statement.get("Resource"))));
        }
        return out;
    }

    private static List<String> strings(Object value) {
        return value == null ? List.of()
                : value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
