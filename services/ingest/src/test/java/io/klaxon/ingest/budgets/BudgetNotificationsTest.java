package io.klaxon.ingest.budgets;

import static io.klaxon.ingest.testing.Samples.only;
import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import io.klaxon.ingest.envelope.Origin;
import io.klaxon.ingest.signal.SignalSink;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** AWS Budgets notifications: one test per sample in {@code samples/budgets}. */
class BudgetNotificationsTest {

    @Test
    void messageText_shouldParseEveryLine_whenReadWithoutEnvelope() {
        // GIVEN the plain Message text of an ACTUAL threshold notification
        String text = read("budgets/sre-bot-actual-monthly-message.txt");
        SignalSink sink = new SignalSink(null);

        // WHEN the text parser reads it directly
        assertThat(BudgetNotifications.isBudgetNotification(Origin.bare("text", text), text)).isTrue();
        new BudgetNotifications().normalize(Origin.bare("text", text), text, sink);

        // THEN
        AlertSignal signal = sink.signals().getFirst();
        assertThat(signal.account()).isEqualTo("017790921725");
        assertThat(signal.alertKey()).isEqualTo("arn:aws:budgets::017790921725:budget/Test Budget");
        assertThat(signal.labels()).contains(entry("budgetName", "Test Budget"), entry("budgetType", "Cost"),
                entry("budgetedAmount", "$0.20"), entry("alertType", "ACTUAL"), entry("alertThreshold", "> $0.16"),
                entry("amount", "$0.59")).doesNotContainKey("sentenceAmount");
        // no SNS Timestamp: the date line "AWS Budget Notification September 26, 2022"
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2022-09-26T00:00:00Z"));
        assertThat(signal.region()).isNull();
    }

    @Test
    void httpActual_shouldBeWarningWithReadableTitle_whenActualCostExceedsThreshold() {
        // GIVEN the HTTP SNS delivery of the text above
        // WHEN
        AlertSignal signal = only("budgets/sre-bot-http-actual-monthly.json");

        // THEN
        assertThat(signal.sourceKind()).isEqualTo("budget");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.severity()).isEqualTo(Severity.WARNING);
        assertThat(signal.title()).isEqualTo("AWS Budgets: Test Budget — ACTUAL cost $0.59 is over the alert threshold (> $0.16)");
        assertThat(signal.summary()).startsWith("You requested that we alert you when the ACTUAL Cost associated with your Test Budget")
                .contains("Budget Name: Test Budget\n").doesNotContain("Dear AWS Customer");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2022-09-26T19:20:37.147Z"));
        assertThat(signal.signalId()).isEqualTo("0da238f6-da6c-5214-96e1-635d27a9b79b");
        assertThat(signal.region()).as("Budgets is global").isNull();
        assertThat(signal.links()).containsExactly(new Link("Open AWS Budgets", "https://console.aws.amazon.com/billing/home#/budgets"));
    }

    @Test
    void forecasted_shouldTakeTheAmountLineAndKeepTheSentenceFigure_whenTheyDisagree() {
        // GIVEN "The FORECASTED Cost … is $1.03" but "FORECASTED Amount: $0.5"
        // WHEN
        AlertSignal signal = only("budgets/sasa-lambda-sns-forecasted-monthly.json");

        // THEN the structured line wins; the sentence's figure is not lost
        assertThat(signal.labels()).contains(entry("amount", "$0.5"), entry("sentenceAmount", "$1.03"),
                entry("alertType", "FORECASTED"));
        assertThat(signal.severity()).isEqualTo(Severity.INFO);
        assertThat(signal.account()).isEqualTo("123456789012");
    }

    @Test
    void actualFromLambda_shouldShareTheBudgetKeyWithForecasted_whenSameBudget() {
        // GIVEN the ACTUAL notification of the same budget (sentence $0.60, line $0.5)
        // WHEN
        AlertSignal actual = only("budgets/sasa-lambda-sns-actual-monthly.json");

        // THEN one budget, one alert
        assertThat(actual.alertKey()).isEqualTo(only("budgets/sasa-lambda-sns-forecasted-monthly.json").alertKey())
                .isEqualTo("arn:aws:budgets::123456789012:budget/AwsCostNotificationStack-MonthlyCostBudget");
        assertThat(actual.labels()).contains(entry("amount", "$0.5"), entry("sentenceAmount", "$0.60"));
        assertThat(actual.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void sqsWrappingSnsJson_shouldUseNewerDashboardLink_whenBodyIsSnsEnvelope() {
        // GIVEN an SQS record whose body is the SNS HTTP-style JSON (FORECASTED, costmanagement dashboard)
        // WHEN
        AlertSignal signal = only("budgets/superluminar-sqs-wrapping-sns-json-forecasted.json");

        // THEN
        assertThat(signal.signalId()).isEqualTo("d7eac51f-e9b1-5584-b17f-a4ec13707c7d");
        assertThat(signal.account()).isEqualTo("444444444444");
        assertThat(signal.links()).extracting(Link::url).containsExactly("https://console.aws.amazon.com/costmanagement/home#/budgets");
        assertThat(signal.occurredAt()).isEqualTo(Instant.parse("2026-01-28T11:52:33.584Z"));
        assertThat(signal.labels()).containsEntry("budgetName", "test");
    }

    @Test
    void sqsRawDelivery_shouldReadBareText_whenBodyIsTheBudgetsMessage() {
        // GIVEN raw message delivery: the SQS body is the Budgets text itself
        // WHEN
        AlertSignal signal = only("budgets/superluminar-sqs-raw-delivery-actual.json");

        // THEN identified by the SQS messageId, timed by SentTimestamp
        assertThat(signal.signalId()).isEqualTo("27fa4149-99e0-44cd-9caa-4b58263b30e3");
        assertThat(signal.account()).isEqualTo("333333333333");
        assertThat(signal.labels()).contains(entry("amount", "$18.86"), entry("budgetedAmount", "$50.00"));
        assertThat(signal.occurredAt()).isEqualTo(Instant.ofEpochMilli(1769601153617L));
        assertThat(signal.alertKey()).isEqualTo("arn:aws:budgets::333333333333:budget/MonthlyBudget-eu-west-1-1770978414540-1X3bcZUWhcMp");
    }
}
