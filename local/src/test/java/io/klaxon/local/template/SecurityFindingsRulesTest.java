package io.klaxon.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.local.bus.LocalBus;
import io.klaxon.local.iam.Role;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The GuardDuty and Security Hub rules of sam/template.yaml on the local default bus: the template
 * deployed with a {@code FindingSeverityFloor} (its {@code !If} and {@code !FindInMap} resolved as
 * CloudFormation would), the rules compiled by Event Ruler in {@link LocalBus}, and real findings
 * put to it. Only what reaches the ingest function is ingested.
 */
class SecurityFindingsRulesTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:klaxon-local/bot-Local1";
    private static final String INGEST = "IngestFunction";

    private static LocalDeployment deploy(Map<String, String> extra) {
        Map<String, String> parameters = new HashMap<>(Map.of("SlackBotTokenSecretArn", SECRET,
                "SlackSigningSecretArn", SECRET + "2", "SlackChannel", "C0LOCAL", "IngestSecurityFindings", "true"));
        parameters.putAll(extra);
        return TemplateModel.load(TemplatePatternsTest.repositoryRoot().resolve("sam/template.yaml")).deploy(parameters);
    }

    private static LocalBus defaultBus(String floor) {
        Map<String, String> parameters = floor == null ? Map.of() : Map.of("FindingSeverityFloor", floor);
        return new LocalBus("default", deploy(parameters).defaultBusRules(), JSON, Clock.systemUTC(),
                Intrinsics.ACCOUNT, Intrinsics.REGION);
    }

    private static Map<String, Object> sample(String name) throws IOException {
        try (InputStream in = SecurityFindingsRulesTest.class.getResourceAsStream("/samples/" + name)) {
            return JSON.readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** The real GuardDuty finding (severity 2, LOW) with its severity set to this value. */
    private static String guardDuty(Number severity) throws IOException {
        Map<String, Object> event = sample("guardduty-finding-event.json");
        map(event.get("detail")).put("severity", severity);
        return new String(JSON.writeValueAsBytes(event));
    }

    /** The real Security Hub control finding (MEDIUM, NEW, ACTIVE), edited by the given change. */
    private static String securityHub(Consumer<Map<String, Object>> change) throws IOException {
        Map<String, Object> event = sample("securityhub-findings-imported-event.json");
        change.accept(map(((List<?>) map(event.get("detail")).get("findings")).getFirst()));
        return new String(JSON.writeValueAsBytes(event));
    }

    private static boolean ingested(LocalBus bus, String event) {
        return bus.targetsFor(event).contains(INGEST);
    }

    @Test
    void guardDutyRule_shouldIngestOnlyFindingsAtOrAboveTheDefaultFloor_whenTheyAreLowOrHigh() throws Exception {
        // GIVEN the template with its default floor (HIGH)
        try (LocalBus bus = defaultBus(null)) {
            // WHEN the real LOW finding (severity 2), the same as MEDIUM and as HIGH are put on the default bus
            // THEN only the HIGH one reaches ingest; the band starts at 7.0
            assertThat(ingested(bus, guardDuty(2))).as("LOW 2").isFalse();
            assertThat(ingested(bus, guardDuty(5.5))).as("MEDIUM 5.5").isFalse();
            assertThat(ingested(bus, guardDuty(6.9))).as("MEDIUM 6.9").isFalse();
            assertThat(ingested(bus, guardDuty(7))).as("HIGH 7").isTrue();
            assertThat(ingested(bus, guardDuty(8.5))).as("HIGH 8.5").isTrue();
            assertThat(ingested(bus, guardDuty(9.2))).as("CRITICAL 9.2").isTrue();
        }
    }

    @Test
    void guardDutyRule_shouldFollowTheFloorParameter_whenEachFloorIsDeployed() throws Exception {
        // GIVEN each floor and the lower bound of its GuardDuty band
        Map<String, Double> lowerBound = Map.of("LOW", 1.0, "MEDIUM", 4.0, "HIGH", 7.0, "CRITICAL", 9.0);
        for (var floor : lowerBound.entrySet()) {
            try (LocalBus bus = defaultBus(floor.getKey())) {
                // WHEN a finding at the bound and one just below are put on the bus
                // THEN the first is ingested and the second is not
                assertThat(ingested(bus, guardDuty(floor.getValue()))).as(floor.getKey() + " at bound").isTrue();
                assertThat(ingested(bus, guardDuty(floor.getValue() - 0.1))).as(floor.getKey() + " below").isFalse();
            }
        }
    }

    @Test
    void securityHubRule_shouldIngestActiveNewHighFindings_andNotSuppressedResolvedArchivedOrBelowTheFloor() throws Exception {
        // GIVEN the template with its default floor (HIGH)
        try (LocalBus bus = defaultBus(null)) {
            // WHEN the real MEDIUM finding, the same as HIGH, and HIGH but suppressed, resolved or archived are put
            // THEN only the active, new or notified HIGH (or CRITICAL) one reaches ingest
            assertThat(ingested(bus, securityHub(f -> { }))).as("MEDIUM").isFalse();
            assertThat(ingested(bus, securityHub(f -> label(f, "HIGH")))).as("HIGH NEW").isTrue();
            assertThat(ingested(bus, securityHub(f -> {
                label(f, "CRITICAL");
                f.put("Workflow", Map.of("Status", "NOTIFIED"));
            }))).as("CRITICAL NOTIFIED").isTrue();
            assertThat(ingested(bus, securityHub(f -> {
                label(f, "HIGH");
                f.put("Workflow", Map.of("Status", "SUPPRESSED"));
            }))).as("HIGH SUPPRESSED").isFalse();
            assertThat(ingested(bus, securityHub(f -> {
                label(f, "HIGH");
                f.put("Workflow", Map.of("Status", "RESOLVED"));
            }))).as("HIGH RESOLVED").isFalse();
            assertThat(ingested(bus, securityHub(f -> {
                label(f, "HIGH");
                f.put("RecordState", "ARCHIVED");
            }))).as("HIGH ARCHIVED").isFalse();
        }
        // AND with the floor at MEDIUM the real MEDIUM finding is ingested, an INFORMATIONAL one is not
        try (LocalBus bus = defaultBus("MEDIUM")) {
            assertThat(ingested(bus, securityHub(f -> { }))).as("MEDIUM at MEDIUM").isTrue();
            assertThat(ingested(bus, securityHub(f -> label(f, "LOW")))).as("LOW at MEDIUM").isFalse();
            assertThat(ingested(bus, securityHub(f -> label(f, "INFORMATIONAL")))).as("INFORMATIONAL").isFalse();
        }
    }

    private static void label(Map<String, Object> finding, String label) {
        Map<String, Object> severity = new HashMap<>(map(finding.get("Severity")));
        severity.put("Label", label);
        finding.put("Severity", severity);
    }

    @Test
    void stateMachineRole_shouldAllowXRayWrites_onlyWhenTracingIsActive() {
        // GIVEN the template deployed with Tracing Active, and with its default (Disabled)
        Role traced = deploy(Map.of("Tracing", "Active")).stateMachine().role();
        Role untraced = deploy(Map.of()).stateMachine().role();

        // THEN only the traced state machine may send X-Ray segments (X-Ray's actions take Resource "*")
        assertThat(traced.denial("xray:PutTraceSegments", "*")).isEmpty();
        assertThat(traced.denial("xray:GetSamplingRules", "*")).isEmpty();
        assertThat(untraced.denial("xray:PutTraceSegments", "*")).isPresent();
        // AND both keep what they had
        assertThat(traced.denial("logs:CreateLogDelivery", "*")).isEmpty();
    }
}
