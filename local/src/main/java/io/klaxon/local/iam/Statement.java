package io.klaxon.local.iam;

import java.util.List;
import java.util.Locale;

/**
 * One statement of an identity-based policy, with intrinsics already resolved.
 *
 * @param allow     {@code Effect: Allow} (true) or {@code Deny}
 * @param actions   action patterns ({@code events:PutEvents}, {@code sqs:SendMessage*}); matched
 *                  case-insensitively, {@code *} and {@code ?} as IAM wildcards
 * @param resources resource ARN patterns; matched case-sensitively with the same wildcards
 */
public record Statement(boolean allow, List<String> actions, List<String> resources) {

    public Statement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
    }

    public boolean covers(String action, String resource) {
        return actions.stream().anyMatch(a -> wildcard(a.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)))
                && resources.stream().anyMatch(r -> wildcard(r, resource));
    }

    /** IAM's wildcard match: {@code *} any run of characters (colons and slashes included), {@code ?} one. */
    static boolean wildcard(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
