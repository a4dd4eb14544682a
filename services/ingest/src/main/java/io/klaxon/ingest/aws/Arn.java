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
        // The five colons that split the six parts; the resource keeps any further ones.
        int[] colon = new int[5];
        int from = 0;
        for (int i = 0; i < colon.length; i++) {
            colon[i] = s.indexOf(':', from);
            if (colon[i] < 0) {
                return null;
            }
            from = colon[i] + 1;
        }
        String partition = s.substring(colon[0] + 1, colon[1]);
        String service = s.substring(colon[1] + 1, colon[2]);
        if (partition.isEmpty() || service.isEmpty()) {
            return null;
        }
        return new Arn(s, partition, service, s.substring(colon[2] + 1, colon[3]), s.substring(colon[3] + 1, colon[4]),
                s.substring(colon[4] + 1));
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
