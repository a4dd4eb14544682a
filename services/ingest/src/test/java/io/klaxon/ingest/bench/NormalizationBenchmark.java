package io.klaxon.ingest.bench;

import io.klaxon.ingest.NormalizeResult;
import io.klaxon.ingest.Normalizer;
import io.klaxon.ingest.testing.Samples;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Normalization throughput per source kind, single-threaded (so events per second is per core).
 * Runs only with {@code -Pbench} (see the module pom and docs/benchmarks.md); it measures, it asserts nothing.
 */
@State(Scope.Benchmark)
public class NormalizationBenchmark {

    @Param({
            "cloudwatch-sns:sns-cloudwatch/sre-bot-http-alarm-ca-central.json",
            "cloudwatch-sns-lambda:sns-cloudwatch/rheoceros-metric-alarm-real.json",
            "cloudwatch-eventbridge:eventbridge-cloudwatch/single-metric-ok-to-alarm.json",
            "ec2-state-change:ec2/state-terminated-event-patterns-docs.json",
            "aws-health:health/docs-public-ec2-operational-issue-no-entities.json",
            "budget:budgets/sre-bot-http-actual-monthly.json",
            "guardduty:security/aws-to-slack-guardduty-full-finding-in-sns.json",
            "security-hub:security/securityhub-asff-fsbp-finding-docs.json",
            "generic-event:other-aws/ecs-task-stopped-elb-healthcheck-real.json",
            "sns-text:sns-other/sre-bot-http-iam-user-plaintext.json",
    })
    public String sample;

    private final Normalizer normalizer = new Normalizer();
    private final Instant receivedAt = Instant.parse("2030-01-01T00:00:00Z");
    private String input;

    @Setup
    public void load() {
        input = Samples.read(sample.substring(sample.indexOf(':') + 1));
    }

    @Benchmark
    public NormalizeResult normalize() {
        return normalizer.normalize(input, receivedAt);
    }
}
