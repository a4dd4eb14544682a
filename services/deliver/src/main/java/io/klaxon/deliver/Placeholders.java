package io.klaxon.deliver;

import io.klaxon.config.DestinationSpec;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the {@code ${VAR}} placeholders of a destination's values. A missing value is an error
 * naming the destination and the variable, never a destination quietly sending to "${VAR}".
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile(DestinationSpec.PLACEHOLDER);

    private Placeholders() {
    }

    static String resolve(String raw, String destination, Function<String, String> values) {
        if (raw == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.apply(m.group(1));
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("destination '" + destination + "': ${" + m.group(1)
                        + "} is not set (locally: an environment variable; in AWS: a field of the secret"
                        + " DestinationSecretsArn names)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
