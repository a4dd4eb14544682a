package io.klaxon.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.local.iam.Role;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sam/template.yaml resolved for the local stack, function by function, as CloudFormation would. */
class LocalDeploymentTest {

    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:klaxon-local/bot-Local1";
    private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/klaxon-local-AlertTable";
    private static final String BUS_ARN = "arn:aws:events:us-east-1:000000000000:event-bus/klaxon-local";
    private static final String MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:klaxon-local-alert-lifecycle";
    private static LocalDeployment deployment;

    @BeforeAll
    static void deploy() {
        TemplateModel template = TemplateModel.load(TemplatePatternsTest.repositoryRoot().resolve("sam/template.yaml"));
        deployment = template.deploy(Map.of("SlackBotTokenSecretArn", SECRET, "SlackSigningSecretArn", SECRET + "2",
                "SlackChannel", "C0LOCAL", "SlackApiUrl", "http://127.0.0.1:9/api/", "EscalateAfterSeconds", "60"));
    }

    private static FunctionView function(String logicalId) {
        return deployment.function(logicalId).orElseThrow();
    }

    @Test
    void environment_shouldBeGlobalsMergedWithTheFunctionsOwn_withIntrinsicsResolved() {
        // GIVEN the notify function WHEN deployed
        FunctionView notify = function("NotifyFunction");

        // THEN it has exactly the globals and its own variable: parameters from the local values or their
        // Default, Ref of the table and the bus as their names
        assertThat(notify.environment()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("KLAXON_TABLE", "klaxon-local-AlertTable"),
                Map.entry("KLAXON_BUS", "klaxon-local"),
                Map.entry("KLAXON_CHANNEL", "C0LOCAL"),
                Map.entry("KLAXON_ESCALATE_AFTER_SECONDS", "60"),
                Map.entry("KLAXON_REMIND_AFTER_SECONDS", "3600"),
                Map.entry("KLAXON_STORM_THRESHOLD", "10"),
                Map.entry("KLAXON_STORM_WINDOW_SECONDS", "60"),
                Map.entry("SLACK_API_URL", "http://127.0.0.1:9/api/"),
                Map.entry("KLAXON_METRICS_NAMESPACE", "Klaxon/klaxon-local"),
                Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn64m"
                        + " -XX:MetaspaceSize=64m"),
                Map.entry("SLACK_BOT_TOKEN_SECRET_ARN", SECRET)));
        assertThat(notify.handler()).isEqualTo("io.klaxon.notify.NotifyHandler");
        // sam build copies the CodeUri (the repository, where the Makefile is) and runs build-NotifyFunction
        assertThat(notify.codeUri().resolve("Makefile")).exists();
        assertThat(notify.arn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:klaxon-local-NotifyFunction");
        // AND a function sees only its own variables
        assertThat(function("LifecycleFunction").environment()).containsEntry("KLAXON_ESCALATION_MENTIONS", "here")
                .containsEntry("KLAXON_AUTO_RESOLVE", "true").doesNotContainKey("SLACK_BOT_TOKEN_SECRET_ARN");
        assertThat(function("IngestFunction").environment()).doesNotContainKeys("SLACK_BOT_TOKEN_SECRET_ARN",
                "KLAXON_ESCALATION_MENTIONS");
    }

    @Test
    void role_shouldAllowExactlyWhatTheFunctionsPoliciesSay() {
        // GIVEN the roles SAM would create from the functions' policy templates
        Role ingest = function("IngestFunction").role();
        Role notify = function("NotifyFunction").role();
        Role interact = function("InteractFunction").role();

        // THEN each may do what its policies name, on the resources they name, and nothing else
        assertThat(ingest.denial("dynamodb:PutItem", TABLE_ARN)).isEmpty();
        assertThat(ingest.denial("dynamodb:Query", TABLE_ARN + "/index/any")).isEmpty();
        assertThat(ingest.denial("events:PutEvents", BUS_ARN)).isEmpty();
        assertThat(ingest.denial("events:PutEvents", "arn:aws:events:us-east-1:000000000000:event-bus/default")).isPresent();
        assertThat(ingest.denial("secretsmanager:GetSecretValue", SECRET)).isPresent();
        assertThat(notify.denial("secretsmanager:GetSecretValue", SECRET)).isEmpty();
        assertThat(notify.denial("secretsmanager:GetSecretValue", SECRET + "2")).isPresent();
        assertThat(notify.denial("dynamodb:CreateTable", TABLE_ARN)).isPresent();
        assertThat(interact.denial("states:SendTaskSuccess", MACHINE_ARN)).isEmpty();
        assertThat(notify.denial("states:SendTaskSuccess", MACHINE_ARN)).isPresent();
        assertThat(ingest.principalArn())
                .isEqualTo("arn:aws:sts::000000000000:assumed-role/klaxon-local-IngestFunctionRole/klaxon-local-IngestFunction");
    }

    @Test
    void stateMachine_shouldInvokeItsThreeFunctionsAndPutEventsOnTheBus_only() {
        // GIVEN the state machine as deployed
        StateMachineView machine = deployment.stateMachine();

        // THEN its substitutions are what CloudFormation passes (the functions' alias ARNs, the bus name) and
        // its role lets it invoke those functions (any qualifier) and put events on the bus, nothing more
        assertThat(machine.arn()).isEqualTo(MACHINE_ARN);
        assertThat(machine.substitutions()).containsEntry("NotifyFunctionArn", function("NotifyFunction").arn() + ":live")
                .containsEntry("EventBusName", "klaxon-local");
        // AND each alias ARN is run by its function
        assertThat(deployment.function(machine.substitutions().get("LifecycleFunctionArn")))
                .map(FunctionView::logicalId).contains("LifecycleFunction");
        for (String id : new String[] {"LifecycleFunction", "NotifyFunction", "EscalateFunction"}) {
            assertThat(machine.role().denial("lambda:InvokeFunction", function(id).arn())).as(id).isEmpty();
            assertThat(machine.role().denial("lambda:InvokeFunction", function(id).arn() + ":live")).as(id).isEmpty();
        }
        assertThat(machine.role().denial("lambda:InvokeFunction", function("IngestFunction").arn())).isPresent();
        assertThat(machine.role().denial("events:PutEvents", BUS_ARN)).isEmpty();
        assertThat(machine.role().denial("logs:CreateLogDelivery", "*")).isEmpty();
    }

    @Test
    void timeout_shouldBeTheFunctionsOwn_elseTheGlobals_elseLambdasDefault() {
        // GIVEN the template's functions: notify takes the Globals' Timeout, interact and deliver set their own
        assertThat(function("NotifyFunction").timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(function("LifecycleFunction").timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(function("InteractFunction").timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(function("DeliverFunction").timeout()).isEqualTo(Duration.ofSeconds(120));

        // AND a template that sets none gets Lambda's 3 s; one Lambda would refuse is refused, naming the function
        TemplateModel none = TemplateModel.parse("""
                Resources:
                  A:
                    Type: AWS::Serverless::Function
                    Properties: { Handler: a.A }
                """, TemplatePatternsTest.repositoryRoot());
        assertThat(none.deploy(Map.of()).function("A").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(3));
        TemplateModel tooLong = TemplateModel.parse("""
                Resources:
                  B:
                    Type: AWS::Serverless::Function
                    Properties: { Handler: b.B, Timeout: 901 }
                """, TemplatePatternsTest.repositoryRoot());
        assertThatThrownBy(() -> tooLong.deploy(Map.of())).hasMessageContaining("B Timeout must be 1 to 900 seconds");
    }

    @Test
    void aliasReference_shouldResolveToTheAliasArn_andBeRefusedForAFunctionWithoutAutoPublishAlias() {
        // GIVEN a template whose Globals publish the alias "live" and one function that opts out with its own
        TemplateModel template = TemplateModel.parse("""
                Globals:
                  Function:
                    AutoPublishAlias: live
                Resources:
                  A:
                    Type: AWS::Serverless::Function
                    Properties: { Handler: a.A }
                  B:
                    Type: AWS::Serverless::Function
                    Properties: { Handler: b.B, AutoPublishAlias: blue }
                  Q:
                    Type: AWS::SQS::Queue
                """, TemplatePatternsTest.repositoryRoot());
        Intrinsics stack = template.deploy(Map.of()).stack();

        // WHEN !Ref <Function>.Alias is resolved THEN it is the function's ARN qualified by its alias
        assertThat(stack.ref("A.Alias")).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:klaxon-local-A:live");
        assertThat(stack.ref("B.Alias")).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:klaxon-local-B:blue");
        // AND what has no alias is refused, naming it
        assertThatThrownBy(() -> stack.ref("Q.Alias")).hasMessageContaining("Q is not an AWS::Serverless::Function");
        assertThat(TemplateModel.referencedId(Map.of("Ref", "A.Alias"))).isEqualTo("A");
    }

    @Test
    void aliasReference_shouldBeRefused_whenTheFunctionPublishesNoAlias() {
        TemplateModel template = TemplateModel.parse("""
                Resources:
                  A:
                    Type: AWS::Serverless::Function
                    Properties: { Handler: a.A }
                """, TemplatePatternsTest.repositoryRoot());

        assertThatThrownBy(() -> template.deploy(Map.of()).stack().ref("A.Alias"))
                .hasMessageContaining("A has no AutoPublishAlias");
    }

    @Test
    void deploy_shouldNameTheParameter_whenOneWithoutDefaultHasNoLocalValue() {
        TemplateModel template = TemplateModel.load(TemplatePatternsTest.repositoryRoot().resolve("sam/template.yaml"));

        assertThatThrownBy(() -> template.deploy(Map.of()))
                .hasMessageContaining("parameter SlackChannel has no local value and no Default");
    }
}
