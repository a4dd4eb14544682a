package io.klaxon.local.aws;

import java.util.Map;
import java.util.Optional;

/**
 * The secrets of the local account, by ARN: what the stack's secret parameters point at. The
 * runtime fills it from its configuration (the Slack bot token, the signing secret).
 */
public record LocalSecrets(Map<String, String> byArn) {

    public LocalSecrets {
        byArn = Map.copyOf(byArn);
    }

    /** The secret an id names: its full ARN, or its name (the ARN's part after {@code secret:}, with or without the suffix). */
    public Optional<Map.Entry<String, String>> find(String secretId) {
        return byArn.entrySet().stream().filter(e -> e.getKey().equals(secretId) || name(e.getKey()).equals(secretId)
                || name(e.getKey()).startsWith(secretId + "-") && name(e.getKey()).length() == secretId.length() + 7)
                .findFirst();
    }

    static String name(String arn) {
        return arn.substring(arn.indexOf(":secret:") + ":secret:".length());
    }
}
