package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.web.SlackWebApiGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What the local runtime's end-to-end tests set up and read alike, beside
 * {@link LocalRuntimeEndToEndTest}'s configuration and requests: a klaxon.yaml, the sample alarm
 * under another name, its recovery, the alert id a message carries, and closing down.
 */
final class LocalRuntimeFixture {

    /** The sample alarm's SNS message id, replaced so that each alarm a test sends is a message of its own. */
    private static final String SAMPLE_MESSAGE_ID = "e288882d-4281-5be4-8fde-dccc11c8cb01";
    private static final DateTimeFormatter CLOUDWATCH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private LocalRuntimeFixture() {
    }

    /** Writes {@code yaml} as {@code klaxon.yaml} in {@code dir}, for {@link LocalConfig#withConfig}. */
    static Path klaxonYaml(Path dir, String yaml) throws IOException {
        return Files.writeString(dir.resolve("klaxon.yaml"), yaml);
    }

    /** Starts the runtime on {@link LocalRuntimeEndToEndTest#config}, with this klaxon.yaml and no environment. */
    static LocalRuntime startWith(SlackStubServer slack, long escalateAfterSeconds, Path klaxonYaml) {
        return LocalRuntime.start(LocalRuntimeEndToEndTest.config(slack, escalateAfterSeconds).withConfig(klaxonYaml, Map.of()));
    }

    /** The sample CloudWatch alarm (firing), as the alarm {@code alarmName} in the SNS message {@code messageId}. */
    static String alarm(String alarmName, String messageId) throws IOException {
        return LocalRuntimeEndToEndTest.sample("alerta-http-alarm-s3-bucket.json")
                .replace("bucketbytesAlarm", alarmName).replace(SAMPLE_MESSAGE_ID, messageId);
    }

    /**
     * The alarm {@code alarmName} changing state at {@code at} on its own clock (the time CloudWatch stamps and
     * Klaxon orders changes by): to ALARM, or else to OK.
     */
    static String stateChange(String alarmName, String messageId, boolean toAlarm, Instant at) throws IOException {
        String body = alarm(alarmName, messageId).replace("2019-02-15T23:53:45.093+0000", CLOUDWATCH_TIME.format(at));
        return toAlarm ? body : toOk(body);
    }

    /** The same alarm message turned to OK (the alarm recovered); fails if it was no ALARM to turn. */
    static String toOk(String alarm) {
        String ok = alarm.replace("\\\"NewStateValue\\\":\\\"ALARM\\\"", "\\\"NewStateValue\\\":\\\"OK\\\"");
        assertThat(ok).contains("NewStateValue\\\":\\\"OK");
        return ok;
    }

    /** The alert id in a Klaxon message's metadata; fails if the message carries none. */
    static String alertIdOf(Posted message) {
        assertThat(message.metadata()).as("message %s carries Klaxon's metadata", message.ts()).isNotNull();
        return message.metadata().getAsJsonObject("event_payload").get(SlackWebApiGateway.METADATA_ALERT_ID)
                .getAsString();
    }

    /** Closes the runtime, then the Slack stub; either may be null (a start that failed). */
    static void close(LocalRuntime runtime, SlackStubServer slack) {
        if (runtime != null) {
            runtime.close();
        }
        if (slack != null) {
            slack.close();
        }
    }
}
