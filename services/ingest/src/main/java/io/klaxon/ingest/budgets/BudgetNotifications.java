package io.klaxon.ingest.budgets;

import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.aws.Accounts;
import io.klaxon.ingest.aws.Arn;
import io.klaxon.ingest.aws.ConsoleLinks;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.signal.SignalBuilder;
import io.klaxon.ingest.signal.SignalSink;
import io.klaxon.ingest.text.PlainText;
import io.klaxon.ingest.text.SeverityHints;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Budgets threshold notifications: plain text that Budgets publishes to SNS.
 *
 * <ul>
 *   <li>alertKey: the budget's ARN ({@code arn:aws:budgets::ACCOUNT:budget/NAME}); ACTUAL and
 *       FORECASTED breaches of one budget are one problem.</li>
 *   <li>severity: ACTUAL warning, FORECASTED info (money, not an outage); an explicit hint in the
 *       budget name wins.</li>
 *   <li>amount: the "{@code ACTUAL Amount:}" line, which is structured; the prose sentence sometimes
 *       states another figure — it is kept as the label {@code sentenceAmount} when it differs.</li>
 *   <li>region: none. Budgets is a global service; the topic's region says nothing about the spend.</li>
 * </ul>
 */
public final class BudgetNotifications {

    public static final String SOURCE_KIND = "budget";

    private static final Pattern HEADER = Pattern.compile("^AWS Budget Notification\\s+(.+)$", Pattern.MULTILINE);
    private static final Pattern ACCOUNT = Pattern.compile("^AWS Account\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern FIELD = Pattern.compile("^([A-Z][A-Za-z ]{2,40}):\\s*(.+)$", Pattern.MULTILINE);
    private static final Pattern SENTENCE_AMOUNT =
            Pattern.compile("The (ACTUAL|FORECASTED) \\w+ associated with this budget is (\\S+?)\\.(?:\\s|$)");
    private static final Pattern REQUEST_SENTENCE = Pattern.compile("(You requested that we alert you[^\\n]*)");
    private static final Pattern DASHBOARD_LINK = Pattern.compile("^\\[1]\\s+(https://\\S+)$", Pattern.MULTILINE);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);

    /** True for the text Budgets publishes (or a message whose subject says so). */
    public static boolean isBudgetNotification(Origin origin, String text) {
        return text.stripLeading().startsWith("AWS Budget Notification")
                || (origin.subject() != null && origin.subject().startsWith("AWS Budgets:") && text.contains("Budget Name:"));
    }

    public void normalize(Origin origin, String text, SignalSink sink) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            fields.putIfAbsent(m.group(1).strip(), m.group(2).strip());
        }
        Arn topic = Arn.parse(origin.topicArn());
        String account = Accounts.first(group(ACCOUNT, text), topic == null ? null : topic.account());
        String partition = topic != null && topic.knownPartition() != null ? topic.knownPartition() : "aws";
        String name = fields.getOrDefault("Budget Name", "unnamed budget");
        String alertType = fields.get("Alert Type");
        String budgetType = fields.get("Budget Type");
        String threshold = fields.get("Alert Threshold");
        Matcher sentence = SENTENCE_AMOUNT.matcher(text);
        String sentenceAmount = sentence.find() ? sentence.group(2) : null;
        if (alertType == null && sentenceAmount != null) {
            alertType = sentence.group(1);
        }
        String amount = alertType == null ? null : fields.get(alertType + " Amount");
        if (amount == null) {
            amount = sentenceAmount;
        }

        Severity severity = SeverityHints.find(name)
                .orElse("FORECASTED".equalsIgnoreCase(alertType) ? Severity.INFO : Severity.WARNING);
        String what = (alertType == null ? "" : alertType + " ")
                + (budgetType == null ? "spend" : budgetType.toLowerCase(Locale.ROOT))
                + (amount == null ? "" : " " + amount);
        String dashboard = group(DASHBOARD_LINK, text);

        SignalBuilder signal = new SignalBuilder(SOURCE_KIND)
                .alertKey("arn:" + partition + ":budgets::" + (account == null ? "" : account) + ":budget/" + name)
                .signalId(origin.signalId(null))
                .status(SignalStatus.FIRING)
                .severity(severity)
                .title("AWS Budgets: " + name + " — " + what + " is over the alert threshold"
                        + (threshold == null ? "" : " (" + threshold + ")"))
                .summary(PlainText.paragraphs(group(REQUEST_SENTENCE, text), block(fields)))
                .account(account)
                .occurredAt(origin.deliveredAt() != null ? origin.deliveredAt() : date(group(HEADER, text)))
                .link(dashboard != null && dashboard.startsWith("https://console.")
                        ? new Link("Open AWS Budgets", dashboard) : ConsoleLinks.budgets(partition))
                .label("budgetName", name)
                .label("budgetType", budgetType)
                .label("alertType", alertType)
                .label("budgetedAmount", fields.get("Budgeted Amount"))
                .label("alertThreshold", threshold)
                .label("amount", amount);
        if (sentenceAmount != null && !sentenceAmount.equals(amount)) {
            signal.label("sentenceAmount", sentenceAmount);
        }
        sink.emit(signal);
    }

    private static String block(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }

    @Nullable
    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1).strip() : null;
    }

    @Nullable
    private static Instant date(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text, DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
