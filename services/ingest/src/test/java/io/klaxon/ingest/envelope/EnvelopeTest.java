package io.klaxon.ingest.envelope;

import static io.klaxon.ingest.testing.Samples.RECEIVED;
import static io.klaxon.ingest.testing.Samples.normalize;
import static io.klaxon.ingest.testing.Samples.only;
import static io.klaxon.ingest.testing.Samples.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.ingest.NormalizeResult;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.SubscriptionConfirmation;
import io.klaxon.ingest.UnreadableInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every envelope a notification can arrive in, and the inputs that cannot be read. */
class EnvelopeTest {

    private static final String SEED_KEY = "arn:aws:cloudwatch:eu-west-1:000000000000:alarm:Example alarm name";

    private final Normalizer normalizer = new Normalizer();

    @Test
    void sqsRecord_shouldOpenSnsEnvelopeInBody_whenSnsDeliversToSqs() {
        // GIVEN an SQS record whose body is the SNS JSON of the seed alarm
        // WHEN
        AlertSignal signal = only("/derived/sqs-wrapping-sns-alarm.json");

        // THEN the signal is the one the Lambda SNS event gives, identified by the SNS MessageId
        AlertSignal viaSns = only("sns-cloudwatch/seed-blog-lambda-test-event.json");
        assertThat(signal).isEqualTo(viaSns);
    }

    @Test
    void sqsRecord_shouldReadBareMessage_whenRawMessageDeliveryIsOn() {
        // GIVEN raw message delivery: the body is the bare alarm message, no TopicArn anywhere
        // WHEN
        AlertSignal signal = only("/derived/sqs-raw-delivery-alarm.json");

        // THEN the same alarm key; the SQS messageId identifies the delivery
        assertThat(signal.alertKey()).isEqualTo(SEED_KEY);
        assertThat(signal.region()).isEqualTo("eu-west-1");
        assertThat(signal.signalId()).isEqualTo("5f0c3b1e-0000-4000-8000-000000000002");
    }

    @Test
    void eventArray_shouldNormalizeEachEvent_whenInputIsAnArrayOfEvents() {
        // GIVEN [state change, configuration change, state change]
        // WHEN
        NormalizeResult result = normalize("/derived/eventbridge-array.json");

        // THEN two signals in input order, and the configuration change ignored with its position
        assertThat(result.signals()).extracting(AlertSignal::alertKey).containsExactly(
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly");
        assertThat(result.ignored()).singleElement().satisfies(i -> assertThat(i.item()).startsWith("[1]: "));
    }

    @Test
    void subscriptionConfirmation_shouldBeReportedNotAlerted_whenHttpEndpointIsSubscribed() {
        // GIVEN the SubscriptionConfirmation SNS posts to a new HTTP(S) subscriber
        // WHEN
        NormalizeResult result = normalize("sns-other/alerta-http-subscription-confirmation.json");

        // THEN
        assertThat(result.signals()).isEmpty();
        assertThat(result.ignored()).isEmpty();
        SubscriptionConfirmation confirmation = result.confirmation().orElseThrow();
        assertThat(confirmation.type()).isEqualTo("SubscriptionConfirmation");
        assertThat(confirmation.isUnsubscribe()).isFalse();
        assertThat(confirmation.topicArn()).isEqualTo("arn:aws:sns:eu-west-1:1234567890:alerta-test");
        assertThat(confirmation.subscribeUrl()).startsWith(
                "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:1234567890:alerta-test&Token=2336412f");
        assertThat(confirmation.messageId()).isEqualTo("8a14e4f3-f3ab-4be0-a12f-681ee8fe214f");
    }

    @Test
    void unsubscribeConfirmation_shouldBeReportedAsUnsubscribe_whenTopicUnsubscribes() {
        // GIVEN the same message typed UnsubscribeConfirmation
        String input = read("sns-other/alerta-http-subscription-confirmation.json")
                .replace("\"SubscriptionConfirmation\"", "\"UnsubscribeConfirmation\"");

        // WHEN
        NormalizeResult result = normalizer.normalize(input, RECEIVED);

        // THEN
        assertThat(result.signals()).isEmpty();
        assertThat(result.confirmation()).hasValueSatisfying(c -> assertThat(c.isUnsubscribe()).isTrue());
    }

    @Test
    void normalize_shouldBeRepeatable_whenCalledTwiceWithTheSameInput() {
        // GIVEN
        String input = read("sns-cloudwatch/rheoceros-composite-alarm-real.json");

        // WHEN
        NormalizeResult first = normalizer.normalize(input, RECEIVED);
        NormalizeResult second = normalizer.normalize(input, RECEIVED);

        // THEN pure: same input, same output
        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "empty input                 | ''                                                     | input is empty",
            "blank input                 | '   '                                                  | input is empty",
            "plain text                  | 'AWS Budget Notification'                              | input is not JSON",
            "truncated JSON              | '{\"Records\": [ {\"Sns\": '                           | input is not JSON",
            "JSON string                 | '\"hello\"'                                            | input is a JSON string",
            "empty array                 | '[]'                                                   | empty JSON array",
            "array of numbers            | '[1, 2]'                                               | [0] is a JSON number",
            "empty Records               | '{\"Records\": []}'                                    | Records is empty",
            "S3 record                   | '{\"Records\": [{\"eventSource\": \"aws:s3\"}]}'       | Records[0] is neither an SNS nor an SQS record (eventSource aws:s3)",
            "SNS record without Message  | '{\"Records\": [{\"Sns\": {\"MessageId\": \"m-1\"}}]}' | Records[0].Sns has no Message",
            "SNS record with empty text  | '{\"Records\": [{\"Sns\": {\"Message\": \" \"}}]}'     | Records[0].Sns.Message is empty",
            "SQS record with empty body  | '{\"Records\": [{\"body\": \"\"}]}'                    | Records[0].body is empty",
            "unknown SNS type            | '{\"Records\": [{\"Sns\": {\"Type\": \"Weird\", \"Message\": \"x\"}}]}' | Records[0].Sns has SNS Type \"Weird\", which is not a notification",
            "PutEvents entry, bad Detail | '[{\"DetailType\": \"X\", \"Detail\": \"not json\"}]' | [0].Detail is not a JSON object",
            "empty object                | '{}'                                                   | input is a JSON object without any value",
            "object of nulls             | '{\"a\": null}'                                       | input is a JSON object without any value",
            "SNS body without Message    | '{\"Type\": \"Notification\", \"MessageId\": \"m-1\", \"TopicArn\": \"arn:aws:sns:us-east-1:1:t\"}' | input has no Message",
            "SNS body, Message is {}     | '{\"Type\": \"Notification\", \"MessageId\": \"m-1\", \"Message\": \"{}\"}' | input is a JSON object without any value",
            "SNS record, Message is {}   | '{\"Records\": [{\"Sns\": {\"Message\": {}}}]}'   | Records[0].Sns is a JSON object without any value",
    })
    void normalize_shouldRejectWithClearReason_whenInputIsUnreadable(String name, String input, String reason) {
        // GIVEN an input that cannot be normalized / WHEN / THEN
        assertThatThrownBy(() -> normalizer.normalize(input))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void notJsonError_shouldNotQuoteThePayload_whenInputIsText() {
        // GIVEN text that could carry secrets
        String input = "token=s3cr3t-value and more";

        // WHEN / THEN the reason names length and first character only
        assertThatThrownBy(() -> normalizer.normalize(input))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageNotContaining("s3cr3t")
                .hasNoCause();
    }
}
