package io.klaxon.ingest.aws;

import io.klaxon.domain.signal.Link;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;

/**
 * Console deep links, partition-aware and strictly percent-encoded.
 *
 * <p>Names go into URL fragments and query values, where a raw space, {@code /}, {@code #}, {@code ?}
 * or non-ASCII character would break the link or point somewhere else; everything but RFC 3986
 * unreserved characters is encoded as UTF-8 percent escapes.
 */
public final class ConsoleLinks {

    private ConsoleLinks() {
    }

    /**
     * The console host for a partition and region: regional hosts in the commercial partition (no
     * redirect), {@code console.amazonaws.cn} in China and {@code console.amazonaws-us-gov.com} in
     * GovCloud. A China or GovCloud region decides even when an ARN claims partition {@code aws}
     * (sample payloads do): the region cannot be wrong about where its console is.
     */
    public static String host(String partition, @Nullable String region) {
        String effective = region != null && !Regions.partitionOf(region).equals("aws") ? Regions.partitionOf(region) : partition;
        return switch (effective) {
            case "aws-cn" -> "console.amazonaws.cn";
            case "aws-us-gov" -> "console.amazonaws-us-gov.com";
            default -> region == null ? "console.aws.amazon.com" : region + ".console.aws.amazon.com";
        };
    }

    /** The CloudWatch console page of an alarm; null when the region is unknown (a wrong region misleads). */
    @Nullable
    public static Link cloudWatchAlarm(String partition, @Nullable String region, @Nullable String alarmName) {
        if (region == null || alarmName == null) {
            return null;
        }
        return new Link("Open alarm in CloudWatch", "https://" + host(partition, region) + "/cloudwatch/home?region="
                + encode(region) + "#alarmsV2:alarm/" + encode(alarmName));
    }

    /** The EC2 console page of an instance. */
    @Nullable
    public static Link ec2Instance(String partition, @Nullable String region, @Nullable String instanceId) {
        if (region == null || instanceId == null) {
            return null;
        }
        return new Link("Open instance in EC2", "https://" + host(partition, region) + "/ec2/home?region="
                + encode(region) + "#InstanceDetails:instanceId=" + encode(instanceId));
    }

    /** The AWS Health Dashboard page of an event. */
    public static Link healthEvent(String partition, String eventArn) {
        String base = switch (partition) {
            case "aws-cn", "aws-us-gov" -> "https://" + host(partition, null) + "/health/home";
            default -> "https://health.aws.amazon.com/health/home";
        };
        return new Link("Open in AWS Health Dashboard",
                base + "#/account/event-log?eventID=" + encode(eventArn) + "&eventTab=details");
    }

    /** The GuardDuty console page of a finding. */
    @Nullable
    public static Link guardDutyFinding(String partition, @Nullable String region, @Nullable String findingId) {
        if (region == null || findingId == null) {
            return null;
        }
        return new Link("Open finding in GuardDuty", "https://" + host(partition, region) + "/guardduty/home?region="
                + encode(region) + "#/findings?macros=current&fId=" + encode(findingId));
    }

    /** The Security Hub console page listing a finding. */
    @Nullable
    public static Link securityHubFinding(String partition, @Nullable String region, @Nullable String findingId) {
        if (region == null || findingId == null) {
            return null;
        }
        return new Link("Open finding in Security Hub", "https://" + host(partition, region)
                + "/securityhub/home?region=" + encode(region) + "#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A"
                + encode(encode(findingId)));
    }

    /** The SNS console page of a topic. */
    @Nullable
    public static Link snsTopic(String partition, @Nullable String region, @Nullable String topicArn) {
        if (region == null || topicArn == null) {
            return null;
        }
        return new Link("Open topic in SNS", "https://" + host(partition, region) + "/sns/v3/home?region="
                + encode(region) + "#/topic/" + encode(topicArn));
    }

    /** The AWS Budgets page. */
    public static Link budgets(String partition) {
        return new Link("Open AWS Budgets", "https://" + host(partition, null) + "/costmanagement/home#/budgets");
    }

    /** Percent-encodes everything except RFC 3986 unreserved characters, as UTF-8. */
    public static String encode(String value) {
        if (allUnreserved(value)) {
            return value; // most names and regions: nothing to encode, nothing to copy
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean allUnreserved(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isUnreserved(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
