package io.klaxon.ingest.signal;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.text.PlainText;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Assembles one {@link AlertSignal}, applying the contract's shape rules in one place: one-line
 * titles within the limit, plain summaries, no blank labels or resources, bounded label values, and
 * no control characters in any field (they are logged and shown: see {@link PlainText#noControls}).
 */
public final class SignalBuilder {

    /** Labels are for routing, not for prose: long values are cut. */
    public static final int MAX_LABEL_VALUE = 256;

    private String alertKey;
    private String signalId;
    private SignalStatus status = SignalStatus.FIRING;
    private Severity severity = Severity.WARNING;
    private String title;
    private String summary;
    private final String sourceKind;
    private String account;
    private String region;
    private final Set<String> resources = new LinkedHashSet<>();
    private Instant occurredAt;
    private final List<Link> links = new ArrayList<>();
    private final Labels labels = new Labels();

    public SignalBuilder(String sourceKind) {
        this.sourceKind = sourceKind;
    }

    public SignalBuilder alertKey(String alertKey) {
        this.alertKey = alertKey;
        return this;
    }

    public SignalBuilder signalId(String signalId) {
        this.signalId = signalId;
        return this;
    }

    public SignalBuilder status(SignalStatus status) {
        this.status = status;
        return this;
    }

    public SignalBuilder severity(Severity severity) {
        this.severity = severity;
        return this;
    }

    public Severity severity() {
        return severity;
    }

    public SignalBuilder title(@Nullable String title) {
        this.title = title;
        return this;
    }

    public SignalBuilder summary(@Nullable String summary) {
        this.summary = summary;
        return this;
    }

    public SignalBuilder account(@Nullable String account) {
        this.account = account;
        return this;
    }

    public SignalBuilder region(@Nullable String region) {
        this.region = region;
        return this;
    }

    public SignalBuilder resource(@Nullable String resource) {
        if (resource != null && !resource.isBlank()) {
            resources.add(PlainText.noControls(resource.strip()));
        }
        return this;
    }

    public SignalBuilder resources(Iterable<String> values) {
        values.forEach(this::resource);
        return this;
    }

    public SignalBuilder occurredAt(@Nullable Instant occurredAt) {
        this.occurredAt = occurredAt;
        return this;
    }

    public SignalBuilder link(@Nullable Link link) {
        if (link != null) {
            links.add(link);
        }
        return this;
    }

    /** Adds a label unless the value is null or blank; the first value for a name wins. */
    public SignalBuilder label(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            // Nothing to add: the name is not even cleaned (an alarm offers a few such labels every time).
            return this;
        }
        return add(PlainText.noControls(name), value);
    }

    /** As {@link #label(String, String)}, for a name cleaned once ({@link LabelName}) rather than on every call. */
    public SignalBuilder label(LabelName name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        return add(name.text(), value);
    }

    private SignalBuilder add(String cleanName, String value) {
        if (!labels.contains(cleanName)) {
            labels.add(cleanName, PlainText.truncate(PlainText.oneLine(value), MAX_LABEL_VALUE));
        }
        return this;
    }

    /**
     * Builds the signal. A missing {@code occurredAt} is filled with {@code fallbackTime} (the time of
     * receipt) and marked with the label {@code occurredAtSource=received}.
     */
    public AlertSignal build(@Nullable Instant fallbackTime) {
        Objects.requireNonNull(alertKey, "alertKey");
        Objects.requireNonNull(signalId, "signalId");
        Instant at = occurredAt;
        if (at == null && fallbackTime != null) {
            at = fallbackTime;
            labels.put("occurredAtSource", "received");
        }
        String t = PlainText.title(title);
        String kind = PlainText.noControls(sourceKind);
        // Urls are built by ConsoleLinks, which percent-encodes every control character already.
        List<Link> cleanLinks = new ArrayList<>(links.size());
        for (Link l : links) {
            cleanLinks.add(new Link(PlainText.noControls(l.label()), l.url()));
        }
        return new AlertSignal(BusContract.SCHEMA_VERSION, PlainText.noControls(alertKey),
                PlainText.noControls(signalId), status, severity,
                t.isEmpty() ? PlainText.title(kind + " alert") : t, PlainText.summary(summary), kind,
                PlainText.noControls(account), PlainText.noControls(region), List.copyOf(resources), at, cleanLinks,
                labels.toMap());
    }
}
