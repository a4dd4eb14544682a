package io.klaxon.local.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.local.LocalConfig;
import io.klaxon.local.LocalRuntime;
import io.klaxon.local.LocalRuntimeEndToEndTest;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storm harness's short run as a correctness test (issue 8): 100 alarms in a few seconds, 10%
 * delivered twice by SNS and once more by EventBridge, 5% with their OK before their ALARM, against a
 * Slack that enforces its published limits. It asserts counts, never timings. Its run time is bounded
 * by Slack's 1 post per second per channel: without storm mode every alarm posts (and some reply), so it
 * takes minutes; with storm mode most alarms share one message. The second run adds Slack's own failures
 * ({@code --slack-faults}), where a lost answer to a post Slack made is what could double an alert.
 */
class StormHarnessTest {

    private static final String CHANNEL = "C0STORM";

    @Test
    void storm_shouldLoseNothing_doubleNothing_andWaitOutEveryRetryAfter_when100AlarmsArriveWithDuplicatesAndDisorder()
            throws Exception {
        // GIVEN the local runtime against a Slack that answers 429 beyond its limits
        StormOptions options = new StormOptions(100, 5, 0.1, 0.05, 0, 0.2, Duration.ofMinutes(5), 8, 0);

        // WHEN the harness sends the storm and waits for every message's final state
        StormReport report = run(options, null);

        // THEN every alarm is in Slack once, in its final state, and Slack was never called inside a Retry-After
        assertEveryAlarmShownOnceInItsFinalState(report);
        assertThat(report.maxUpdatesPerAlertMessage()).as("updates of one alert's own message")
                .isLessThanOrEqualTo(3);
    }

    @Test
    void storm_shouldLoseNothing_andDoubleNothing_whenSlackAlsoFailsAThirdOfItsCalls_someAfterTakingThem()
            throws Exception {
        // GIVEN a Slack that, besides its limits, fails almost one call in three: 503, internal_error, or the
        // call taken and its answer lost (a post made that Klaxon never hears of)
        StormOptions options = new StormOptions(30, 5, 0.1, 0.05, 0, 0.2, Duration.ofMinutes(5), 11, 0.3);

        // WHEN the harness sends the storm and waits for every message's final state, the workflow's retries ten
        // times faster: an unavailable Slack is retried up to 300 s apart (ADR 0001), so an alert whose post met
        // faults on eight attempts in a row (which a loaded machine's call order made happen once) is shown only
        // after the deadline: late, not lost. This test is about loss and doubling, not about that back-off.
        StormReport report = run(options, "0.1");

        // THEN the faults were played, and still every alarm is in Slack once, in its final state
        assertThat(report.slackFaults().keySet()).as("faults played").contains(LimitedSlack.Fault.ANSWER_LOST)
                .containsAnyOf(LimitedSlack.Fault.UNAVAILABLE, LimitedSlack.Fault.INTERNAL_ERROR);
        assertEveryAlarmShownOnceInItsFinalState(report);
    }

    private static void assertEveryAlarmShownOnceInItsFinalState(StormReport report) {
        assertThat(report.sendFailures()).as("deliveries Klaxon never took").isZero();
        assertThat(report.lost()).as("lost").isEmpty();
        assertThat(report.doubled()).as("doubled").isEmpty();
        assertThat(report.early()).as("calls before a Retry-After expired").isZero();
        assertThat(report.notFinal()).as("not in their final state").isEmpty();
        assertThat(report.maxPostsPerAlert()).as("own top-level posts for one alert").isLessThanOrEqualTo(1);
    }

    /** A thread line names its change in its metadata (ADR 0003, "Replying once"): no key may be in a thread twice. */
    private static void assertNoThreadLineTwice(LimitedSlack slack) {
        assertThat(slack.messages()).as("thread lines")
                .anyMatch(m -> !m.topLevel() && AlertAccounting.REPLY_EVENT_TYPE.equals(m.eventType()));
        assertThat(AlertAccounting.doubledThreadLines(slack.messages())).as("thread lines posted twice").isEmpty();
    }

    /** @param retryScale {@link LocalRuntime#RETRY_SCALE_PROPERTY} while the runtime starts; null for the ASL's own back-off */
    private static StormReport run(StormOptions options, String retryScale) throws Exception {
        try (LimitedSlack slack = LimitedSlack.start(Clock.systemUTC(),
                new LimitedSlack.Faults(options.slackFaults(), options.seed()))) {
            LocalConfig config = new LocalConfig(0, "xoxb-storm-test", LocalConfig.LOCAL_SIGNING_SECRET, slack.url(), "",
                    CHANNEL, 3600, 3600, "here", System.getenv().getOrDefault("KLAXON_NODE", "node"),
                    LocalConfig.fromEnvironment(Map.of()).home());
            try (LocalRuntime runtime = retryScale == null ? LocalRuntime.start(config)
                    : LocalRuntimeEndToEndTest.startWith(LocalRuntime.RETRY_SCALE_PROPERTY, retryScale, config)) {
                StormReport report = new StormHarness(URI.create("http://127.0.0.1:" + runtime.port()),
                        runtime.alerts(), slack, new PrintStream(System.out, true)).run(options);
                report.print(System.out);
                assertNoThreadLineTwice(slack);
                return report;
            }
        }
    }
}
