package io.klaxon.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never appear in a log line of the local runtime's tests, and how it is recognised:
 * <ul>
 *   <li>a Slack token ({@code xoxb-…}, {@code xoxp-…}, {@code xapp-…}), by Slack's own prefixes: whatever
 *       token a test configures;</li>
 *   <li>a signing secret, by its value: the local default and each value a test class declares;</li>
 *   <li>a task token, by the shape the local Step Functions runner mints it in
 *       ({@code randomBytes(N).toString('base64url')} in statemachines/local/runtime.mjs): a run of exactly
 *       that many base64url characters, with upper and lower case letters and a digit, as 48 random bytes
 *       have but no word, id or ARN does. Its length is read from the runner, so a change there fails here
 *       instead of silently scanning for nothing.</li>
 * </ul>
 */
public final class SecretPatterns {

    private static final Pattern SLACK_TOKEN = Pattern.compile("(?<![A-Za-z0-9])(xox[abeoprs]|xapp)-[A-Za-z0-9-]+");
    private static final Pattern MINTED = Pattern.compile("randomBytes\\((\\d+)\\)\\.toString\\('base64url'\\)");

    private final Set<String> values;
    private final Pattern taskToken;

    /**
     * @param values           secrets known by value (signing secrets), each at least 8 characters
     * @param taskTokenLength  the length of a task token the runner mints
     */
    public SecretPatterns(Set<String> values, int taskTokenLength) {
        for (String v : values) {
            if (v.length() < 8) {
                throw new IllegalArgumentException("a secret to scan for must be at least 8 characters, not " + v.length());
            }
        }
        this.values = Set.copyOf(values);
        this.taskToken = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{" + taskTokenLength + "}(?![A-Za-z0-9_-])");
    }

    /** The length of the task tokens the local runner mints, read from its source. */
    public static int taskTokenLength(Path runtimeMjs) {
        String source;
        try {
            source = Files.readString(runtimeMjs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read how the local runner mints task tokens: " + runtimeMjs, e);
        }
        Matcher minted = MINTED.matcher(source);
        if (!minted.find()) {
            throw new IllegalStateException(runtimeMjs + " no longer mints task tokens as randomBytes(N).toString('base64url'):"
                    + " teach SecretPatterns the new shape");
        }
        int bytes = Integer.parseInt(minted.group(1));
        return (bytes * 4 + 2) / 3;
    }

    /** @return what the line holds, by kind (never the secret itself): empty when it is clean */
    public List<String> findIn(String line) {
        Set<String> found = new LinkedHashSet<>();
        if (SLACK_TOKEN.matcher(line).find()) {
            found.add("a Slack token");
        }
        for (String value : values) {
            if (line.contains(value)) {
                found.add("a signing secret");
            }
        }
        Matcher m = taskToken.matcher(line);
        while (m.find()) {
            if (random(m.group())) {
                found.add("a task token");
                break;
            }
        }
        return new ArrayList<>(found);
    }

    /** The line with every secret replaced by its kind, for a failure message that leaks nothing more. */
    public String redact(String line) {
        String redacted = SLACK_TOKEN.matcher(line).replaceAll("<Slack token>");
        for (String value : values) {
            redacted = redacted.replace(value, "<signing secret>");
        }
        return taskToken.matcher(redacted).replaceAll(r -> random(r.group()) ? "<task token>" : Matcher.quoteReplacement(r.group()));
    }

    private static boolean random(String run) {
        return run.chars().anyMatch(Character::isUpperCase) && run.chars().anyMatch(Character::isLowerCase)
                && run.chars().anyMatch(Character::isDigit);
    }
}
