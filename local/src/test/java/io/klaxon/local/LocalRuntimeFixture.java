package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.testing.SlackStubServer.Posted;
import io.klaxon.slack.web.SlackWebApiGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the local runtime's end-to-end tests set up and read alike, beside
 * {@link LocalRuntimeEndToEndTest}'s configuration and requests: a klaxon.yaml, the sample alarm
 * under another name, its recovery, the alert id a message carries, and closing down; and
 * {@link Stack}, the Slack stub and the runtime a test runs against.
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

    /**
     * The Slack stub and the local runtime a test class talks to, started before and closed after
     * ({@link #close}). Registered with {@code @RegisterExtension} on a static field they live for
     * the whole class, on an instance field for each test. Given a starter, the runtime starts with
     * the stub; without one each test starts it itself ({@link #start}, {@link #startWith}), after
     * writing its own klaxon.yaml.
     */
    static final class Stack implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

        private final Function<SlackStubServer, LocalRuntime> starter;
        private boolean perClass;
        private SlackStubServer slack;
        private LocalRuntime runtime;

        /** The Slack stub only: each test starts the runtime. */
        Stack() {
            this(null);
        }

        /** The Slack stub, then the runtime {@code starter} starts against it. */
        Stack(Function<SlackStubServer, LocalRuntime> starter) {
            this.starter = starter;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            // Only a static field's extension hears of the class starting: it then serves the whole class.
            perClass = true;
            up();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            down();
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            if (!perClass) {
                up();
            }
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (!perClass) {
                down();
            }
        }

        SlackStubServer slack() {
            return slack;
        }

        /** The running runtime; null before a test without a starter has started it. */
        LocalRuntime runtime() {
            return runtime;
        }

        /** Starts the runtime against the stub (a test's own configuration); it is closed with the stub. */
        LocalRuntime start(Function<SlackStubServer, LocalRuntime> start) {
            runtime = start.apply(slack);
            return runtime;
        }

        /** {@link LocalRuntimeFixture#startWith} against the stub; closed with it. */
        LocalRuntime startWith(long escalateAfterSeconds, Path klaxonYaml) {
            return start(stub -> LocalRuntimeFixture.startWith(stub, escalateAfterSeconds, klaxonYaml));
        }

        private void up() {
            slack = SlackStubServer.start();
            if (starter != null) {
                runtime = starter.apply(slack);
            }
        }

        private void down() {
            try {
                close(runtime, slack);
            } finally {
                runtime = null;
                slack = null;
            }
        }
    }
}
