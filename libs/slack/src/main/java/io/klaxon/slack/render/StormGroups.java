package io.klaxon.slack.render;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.signal.AlertSignal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Groups a storm's alerts by what they share: source kind, namespace or service, account, region
 * and resource type (ADR 0014). A group's key is a short digest of that, stable across renders, so
 * a group's Claim button still names the same group after more alerts joined.
 */
public final class StormGroups {

    private StormGroups() {
    }

    /** One group: its label (what its alerts share, readable) and its alerts, in storm order. */
    public record Group(String key, String label, List<Alert> alerts) {
    }

    /** The groups in order of their first alert. */
    public static List<Group> of(List<Alert> alerts) {
        Map<String, List<Alert>> byLabel = new LinkedHashMap<>();
        for (Alert a : alerts) {
            byLabel.computeIfAbsent(label(a), k -> new ArrayList<>()).add(a);
        }
        return byLabel.entrySet().stream().map(e -> new Group(digest(e.getKey()), e.getKey(), List.copyOf(e.getValue())))
                .toList();
    }

    /** The key of the group {@code alert} falls in. */
    public static String key(Alert alert) {
        return digest(label(alert));
    }

    static String label(Alert alert) {
        AlertSignal s = alert.signal();
        String scope = s.labels().getOrDefault("namespace", s.labels().get("service"));
        return Stream.of(s.sourceKind(), scope, s.account(), s.region(), resourceType(s.resources()))
                .filter(v -> v != null && !v.isBlank())
                .collect(Collectors.joining(" · "));
    }

    /** {@code service:type} of the first ARN ({@code arn:aws:ec2:r:a:instance/i-1} gives {@code ec2:instance}). */
    static String resourceType(List<String> resources) {
        if (resources.isEmpty()) {
            return null;
        }
        String[] parts = resources.getFirst().split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return null;
        }
        String resource = parts[5];
        int cut = resource.indexOf('/');
        if (cut < 0) {
            cut = resource.indexOf(':');
        }
        return parts[2] + (cut > 0 ? ":" + resource.substring(0, cut) : "");
    }

    private static String digest(String label) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
