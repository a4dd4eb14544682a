package io.klaxon.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.local.template.TemplateModel.BusRule;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * The template's rules on the Klaxon bus, compiled by AWS's Event Ruler (the matcher EventBridge
 * itself uses): each must match the events it is meant for and nothing else.
 */
class TemplatePatternsTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static TemplateModel template;
    private static Machine machine;
    private static final List<BusRule> RULES = new ArrayList<>();

    @BeforeAll
    static void compileEveryRule() throws Exception {
        template = TemplateModel.load(repositoryRoot().resolve("sam/template.yaml"));
        machine = new Machine();
        RULES.addAll(template.busRules());
        for (int i = 0; i < RULES.size(); i++) {
            machine.addRule(Integer.toString(i), new String(JSON.writeValueAsBytes(RULES.get(i).pattern())));
        }
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("sam/template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("sam/template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    private static List<String> targets(String source, String detailType) throws Exception {
        String event = new String(JSON.writeValueAsBytes(Map.of(
                "version", "0", "id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type", detailType,
                "source", source, "account", "123456789012", "time", "2026-11-21T03:00:00Z", "region", "eu-west-1",
                "resources", List.of(), "detail", Map.of("schemaVersion", "1", "alertKey", "k", "status", "FIRING"))));
        return machine.rulesForJSONEvent(event).stream()
                .map(i -> RULES.get(Integer.parseInt(i)).targetLogicalId()).distinct().toList();
    }

    @Test
    void template_shouldHaveRulesForFiredAndRecovered() {
        assertThat(RULES).as("rules on the Klaxon bus").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void alertFired_shouldStartOnlyTheStateMachine() throws Exception {
        assertThat(targets("klaxon", "Alert Fired")).containsExactly(template.stateMachineLogicalId());
    }

    @Test
    void alertRecovered_shouldReachOnlyTheRecoveryHandler() throws Exception {
        List<String> targets = targets("klaxon", "Alert Recovered");
        assertThat(targets).hasSize(1);
        assertThat(template.handlerOf(targets.getFirst())).contains("io.klaxon.interact.RecoveryHandler");
    }

    @Test
    void lifecycleEvents_shouldReachOnlyTheDeliverFunction_soTheyNeverLoopBackIntoTheLifecycle() throws Exception {
        // The deliver function mirrors them to other destinations and publishes nothing itself.
        for (String type : List.of("Alert Opened", "Alert Refired", "Alert Claimed", "Alert Unclaimed",
                "Alert Escalated", "Alert Snoozed", "Alert Resolved")) {
            List<String> targets = targets("klaxon", type);
            assertThat(targets).as(type).hasSize(1);
            assertThat(template.handlerOf(targets.getFirst())).as(type).contains("io.klaxon.deliver.DeliverHandler");
        }
    }

    @Test
    void signalFromAnotherSource_shouldMatchNothing() throws Exception {
        assertThat(targets("not.klaxon", "Alert Fired")).isEmpty();
        assertThat(targets("klaxon", "alert fired")).isEmpty();
    }

    @Test
    void definitionSubstitutions_shouldResolveToTemplateFunctions() {
        Map<String, String> subs = template.definitionSubstitutions(Map.of("EventBusName", "klaxon"));
        assertThat(subs).containsKeys("LifecycleFunctionArn", "NotifyFunctionArn", "EscalateFunctionArn", "EventBusName");
        assertThat(template.handlerOf(subs.get("LifecycleFunctionArn"))).contains("io.klaxon.lifecycle.LifecycleHandler");
        assertThat(template.handlerOf(subs.get("NotifyFunctionArn"))).contains("io.klaxon.notify.NotifyHandler");
        assertThat(template.handlerOf(subs.get("EscalateFunctionArn"))).contains("io.klaxon.escalate.EscalateHandler");
        assertThat(template.definitionPath()).exists();
    }
}
