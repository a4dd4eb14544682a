package io.klaxon.local.iam;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The IAM role a function (or the state machine) runs as, with the statements the template's
 * {@code Policies} expand to. Every local stand-in for an AWS API asks it before doing the call, and
 * refuses with the message AWS gives, so a permission missing from the template fails here first.
 *
 * @param logicalId   the template resource the role belongs to ({@code IngestFunction})
 * @param roleName    the role's name as SAM creates it ({@code <stack>-<LogicalId>Role}, without the suffix)
 * @param sessionName the session the service assumes it with (a function's name)
 */
public record Role(String logicalId, String roleName, String sessionName, String account, List<Statement> statements) {

    public Role {
        statements = List.copyOf(statements);
    }

    /** The caller AWS names in its errors: {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}. */
    public String principalArn() {
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /**
     * IAM's decision for one identity-based evaluation: an explicit deny wins, then any allow.
     *
     * @return the AccessDenied message AWS gives, or empty when the call is allowed
     */
    public Optional<String> denial(String action, String resource) {
        if (statements.stream().anyMatch(s -> !s.allow() && s.covers(action, resource))) {
            return Optional.of(prefix(action, resource) + " with an explicit deny in an identity-based policy");
        }
        if (statements.stream().anyMatch(s -> s.allow() && s.covers(action, resource))) {
            return Optional.empty();
        }
        return Optional.of(prefix(action, resource) + " because no identity-based policy allows the " + action + " action");
    }

    /**
     * Throws what {@code refusal} makes of the AccessDenied message when the call is not allowed;
     * each stand-in passes the exception its real SDK client would throw.
     */
    public void require(String action, String resource, Function<String, ? extends RuntimeException> refusal) {
        Optional<String> denied = denial(action, resource);
        if (denied.isPresent()) {
            throw refusal.apply(denied.get());
        }
    }

    private String prefix(String action, String resource) {
        return "User: " + principalArn() + " is not authorized to perform: " + action + " on resource: " + resource;
    }
}
