package io.klaxon.domain.testing;

import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.domain.signal.Link;
import io.klaxon.domain.signal.Severity;
import io.klaxon.domain.signal.SignalStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small, readable test data shared by the modules' tests. */
public final class Fixtures {

    public static final String ALARM_ARN = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-5xx";
    public static final Instant T0 = Instant.parse("2026-11-21T03:00:00Z");

    private Fixtures() {
    }

    public static AlertSignal firing(String signalId, Instant at) {
        return signal(signalId, SignalStatus.FIRING, at);
    }

    public static AlertSignal recovered(String signalId, Instant at) {
        return signal(signalId, SignalStatus.RECOVERED, at);
    }

    public static AlertSignal signal(String signalId, SignalStatus status, Instant at) {
        return new AlertSignal(BusContract.SCHEMA_VERSION, ALARM_ARN, signalId, status, Severity.HIGH,
                "api-5xx is ALARM", "Threshold Crossed: 1 datapoint [12.0] was greater than 5.0",
                "cloudwatch-alarm", "123456789012", "eu-west-1", List.of(ALARM_ARN), at,
                List.of(new Link("Open in CloudWatch",
                        "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/api-5xx")),
                Map.of("namespace", "AWS/ApplicationELB"));
    }

    public static EscalationPolicy policy() {
        return new EscalationPolicy("default", "C0123456789", 300, 3600,
                List.of(new EscalationPolicy.Level(List.of("U0ONCALL1"), false),
                        new EscalationPolicy.Level(List.of("S0SRE"), true)),
                true);
    }
}
