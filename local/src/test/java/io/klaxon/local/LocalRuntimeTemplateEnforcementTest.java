package io.klaxon.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.klaxon.local.template.TemplateModel;
import io.klaxon.slack.testing.SlackStubServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The local runtime holds each function, and the state machine, to what the template grants it: a
 * copy of sam/template.yaml that loses a permission or a variable something needs fails here,
 * naming the resource and what it lost, as the deployed stack would (only later, in production).
 */
class LocalRuntimeTemplateEnforcementTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private SlackStubServer slack;
    private LocalRuntime runtime;

    @BeforeEach
    void slack() {
        slack = SlackStubServer.start();
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        slack.close();
    }

    /**
     * The real template with one exact passage replaced (the test fails if the passage is gone); the
     * text blocks keep the template's indentation (their closing quotes sit at its column 0).
     */
    private static TemplateModel templateWithout(String passage, String replacement) throws IOException {
        Path home = LocalConfig.home(null);
        String yaml = Files.readString(home.resolve("sam/template.yaml"));
        assertThat(yaml).as("the template still has the passage this test removes").contains(passage);
        return TemplateModel.parse(yaml.replace(passage, replacement), home.resolve("sam"));
    }

    private LocalConfig config() {
        return LocalRuntimeEndToEndTest.config(slack, 300);
    }

    @Test
    void ingest_shouldFailNamingIngestFunctionAndPutEvents_whenTheTemplateDropsItsEventBridgePolicy() throws Exception {
        // GIVEN a template whose IngestFunction lost EventBridgePutEventsPolicy
        TemplateModel template = templateWithout("""
                        - DynamoDBCrudPolicy: { TableName: !Ref AlertTable }
                        - EventBridgePutEventsPolicy: { EventBusName: !Ref KlaxonBus }
                      EventInvokeConfig:
                """, """
                        - DynamoDBCrudPolicy: { TableName: !Ref AlertTable }
                      EventInvokeConfig:
                """);
        runtime = LocalRuntime.start(config(), template);

        // WHEN an alarm arrives through the SNS door
        HttpResponse<String> ingest = LocalRuntimeEndToEndTest.post(runtime, "/sns", "application/json",
                LocalRuntimeEndToEndTest.sample("alerta-http-alarm-s3-bucket.json"), null);

        // THEN ingest fails (so SNS would retry it) with EventBridge's refusal naming the function and the grant
        assertThat(ingest.statusCode()).isEqualTo(500);
        assertThat(ingest.body()).contains("IngestFunction").contains("events:PutEvents")
                .contains("PublishException").contains("because no identity-based policy allows the events:PutEvents action");
        // AND nothing reached the bus
        assertThat(runtime.bus().recent()).isEmpty();
    }

    @Test
    void start_shouldFailNamingNotifyFunctionAndTheVariable_whenTheTemplateDropsItsSlackTokenArn() throws Exception {
        // GIVEN a template whose NotifyFunction lost SLACK_BOT_TOKEN_SECRET_ARN (and a Slack token configured locally)
        TemplateModel template = templateWithout("""
                      Handler: io.klaxon.notify.NotifyHandler
                      LoggingConfig:
                        LogFormat: JSON
                        LogGroup: !Ref NotifyLogGroup
                      Environment:
                        Variables:
                          SLACK_BOT_TOKEN_SECRET_ARN: !Ref SlackBotTokenSecretArn
                """, """
                      Handler: io.klaxon.notify.NotifyHandler
                      LoggingConfig:
                        LogFormat: JSON
                        LogGroup: !Ref NotifyLogGroup
                """);

        // WHEN the local runtime starts
        Throwable failure = catchThrowable(() -> runtime = LocalRuntime.start(config(), template));

        // THEN it refuses, naming the function and the variable it lacks
        assertThat(failure).isNotNull().hasMessageContaining("NotifyFunction").hasMessageContaining("SLACK_BOT_TOKEN_SECRET_ARN");
    }

    @Test
    void stateMachineInvoke_shouldBeRefusedAsLambdaAccessDenied_whenTheTemplateDropsItsLambdaInvokePolicy() throws Exception {
        // GIVEN a template whose state machine may no longer invoke NotifyFunction
        TemplateModel template = templateWithout("""
                        - LambdaInvokePolicy: { FunctionName: !Ref NotifyFunction }
                """, "");
        runtime = LocalRuntime.start(config(), template);
        String notify = runtime.deployment().function("NotifyFunction").orElseThrow().arn();

        // WHEN the runner invokes it, as the ASL's Post state does
        HttpResponse<String> invoke = HTTP.send(HttpRequest.newBuilder(runtime.internalUrl().resolve("invoke"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"functionName\":\"" + notify + "\",\"payload\":{}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        // THEN the runner is answered with the task error Step Functions reports for it, naming the role and the grant
        assertThat(invoke.statusCode()).isEqualTo(400);
        assertThat(invoke.body()).contains("\"errorType\":\"Lambda.AWSLambdaException\"")
                .contains("assumed-role/klaxon-local-AlertLifecycleStateMachineRole/")
                .contains("is not authorized to perform: lambda:InvokeFunction on resource: " + notify)
                .contains("Status Code: 403; Error Code: AccessDeniedException");
    }

    @Test
    void stateMachinePutEvents_shouldBeRefusedAsEventBridgeAccessDenied_whenTheTemplateDropsItsPutEventsPolicy()
            throws Exception {
        // GIVEN a template whose state machine may no longer put events on the bus
        TemplateModel template = templateWithout("""
                        - LambdaInvokePolicy: { FunctionName: !Ref EscalateFunction }
                        - EventBridgePutEventsPolicy: { EventBusName: !Ref KlaxonBus }
                """, """
                        - LambdaInvokePolicy: { FunctionName: !Ref EscalateFunction }
                """);
        runtime = LocalRuntime.start(config(), template);

        // WHEN the runner puts a lifecycle event, as the ASL's Publish state does
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(runtime.internalUrl().resolve("put-events"))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"entries":[{"EventBusName":"klaxon-local","Source":"klaxon","DetailType":"Alert Opened","Detail":{"alertId":"a1"}}]}
                        """)).build(), HttpResponse.BodyHandlers.ofString());

        // THEN the runner gets the task error Step Functions reports (the ASL's Publish retries it, then
        // goes on without the event), naming the role and the grant; nothing reached the bus
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("\"errorType\":\"EventBridge.AmazonEventBridgeException\"")
                .contains("assumed-role/klaxon-local-AlertLifecycleStateMachineRole/")
                .contains("is not authorized to perform: events:PutEvents on resource: "
                        + "arn:aws:events:us-east-1:000000000000:event-bus/klaxon-local");
        assertThat(runtime.bus().recent()).isEmpty();
    }

    @Test
    void startExecution_shouldReachTheRunner_onlyForAFunctionWithStepFunctionsExecutionPolicy() throws Exception {
        // GIVEN the template with RecoveryFunction's StepFunctionsExecutionPolicy removed (InteractFunction keeps its own)
        TemplateModel template = templateWithout("""
                        # Resumes the wait a recovery ends; a change no wait takes goes to an announcement execution.
                        - StepFunctionsCallbackPolicy: { StateMachineName: !Sub '${AWS::StackName}-alert-lifecycle' }
                        - StepFunctionsExecutionPolicy: { StateMachineName: !GetAtt AlertLifecycleStateMachine.Name }
                """, """
                        # Resumes the wait a recovery ends; a change no wait takes goes to an announcement execution.
                        - StepFunctionsCallbackPolicy: { StateMachineName: !Sub '${AWS::StackName}-alert-lifecycle' }
                """);
        runtime = LocalRuntime.start(config(), template);
        String machine = runtime.deployment().stateMachine().arn();

        // WHEN InteractFunction's Step Functions client starts an execution
        var started = runtime.function("InteractFunction").bean(SfnClient.class)
                .startExecution(b -> b.stateMachineArn(machine).name("started-by-interact").input("{\"detail\":{}}"));

        // THEN the runner runs it under the name given
        assertThat(started.executionArn()).endsWith(":execution:klaxon-local-alert-lifecycle:started-by-interact");
        assertThat(runtime.runner().describe("started-by-interact").orElseThrow()).contains("\"name\":\"started-by-interact\"");
        // AND RecoveryFunction, without the policy, is refused as Step Functions refuses it
        SfnException denied = catchThrowableOfType(SfnException.class, () -> runtime.function("RecoveryFunction")
                .bean(SfnClient.class).startExecution(b -> b.stateMachineArn(machine).name("by-recovery").input("{}")));
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(denied.getMessage()).contains("klaxon-local-RecoveryFunctionRole")
                .contains("is not authorized to perform: states:StartExecution on resource: " + machine);
    }
}
