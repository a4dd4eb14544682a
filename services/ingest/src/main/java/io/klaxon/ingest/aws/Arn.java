package io.klaxon.ingest.aws;

import io.micronaut.core.annotation.Nullable;

/**
 * The parts of an ARN ({@code arn:partition:service:region:account:resource}). Samples carry
 * placeholders ({@code arn:aws:sns:EXAMPLE}, {@code REGION}, {@code ACCOUNT_NUMBER}), so the region
 * and account are offered only when they look real.
 */
public record Arn(String text, String partition, String service, String region, String account, String resource) {

    /** Parses an ARN; null when the text is not one (too few parts, or not starting with {@code arn:}). */
    @Nullable
    public static Arn parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (!s.startsWith("arn:")) {
            return null;
        }
        String[] parts = s.split(":", 6);
        if (parts.length < 6 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return new Arn(s, parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /** The region when it is a region code, else null. */
    @Nullable
    public String regionCode() {
        return Regions.isCode(region) ? region : null;
    }

    /** The account when it is an account id (digits), else null. */
    @Nullable
    public String accountId() {
        return Accounts.clean(account);
    }

    /** The partition when it looks like one ({@code aws}, {@code aws-cn}, {@code aws-us-gov} …), else null. */
    @Nullable
    public String knownPartition() {
        return partition.equals("aws") || partition.startsWith("aws-") ? partition : null;
    }

    /** The part after the last {@code /} or {@code :} of the resource, e.g. the instance id. */
    public String resourceName() {
        int cut = Math.max(resource.lastIndexOf('/'), resource.lastIndexOf(':'));
        return cut < 0 ? resource : resource.substring(cut + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
