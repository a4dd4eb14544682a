package io.klaxon.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.klaxon.aws.secrets.SecretResolver;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.slack.console.ConsoleSlackGateway;
import io.klaxon.slack.testing.SlackStubServer;
import io.klaxon.slack.web.SlackWebApiGateway;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackFactoryTest {

    /** Settings from the test alone: a token in the developer's environment must not leak in. */
    private static ApplicationContext context(Map<String, Object> properties) {
        SecretResolver noSecrets = new SecretResolver(() -> {
            throw new AssertionError("no Secrets Manager in this test");
        }, name -> null, ObjectMapper.getDefault());
        return ApplicationContext.builder().environmentPropertySource(false).properties(properties)
                .singletons(noSecrets).start();
    }

    @Test
    void slackGateway_shouldBeTheWebApi_whenABotTokenIsConfigured() {
        // GIVEN a bot token and a Slack-compatible base URL (without its trailing slash)
        try (SlackStubServer stub = SlackStubServer.start();
             ApplicationContext context = context(Map.of(
                     "slack.bot.token", "xoxb-from-config",
                     "slack.api.url", stub.url().substring(0, stub.url().length() - 1),
                     "klaxon.channel", "C0DEFAULT"))) {

            // WHEN the gateway is asked for and used
            SlackGateway gateway = context.getBean(SlackGateway.class);
            gateway.post(Alert.open("alert-0001", Fixtures.firing("sig-1", Fixtures.T0), Fixtures.policy(),
                    Fixtures.T0));

            // THEN it is the Web API gateway, talking to that URL with that token, built once
            assertThat(gateway).isInstanceOf(SlackWebApiGateway.class);
            assertThat(context.getBean(SlackGateway.class)).isSameAs(gateway);
            assertThat(stub.requests("chat.postMessage")).singleElement()
                    .satisfies(r -> assertThat(r.token()).isEqualTo("xoxb-from-config"));
            assertThat(context.getBean(SlackSettings.class).toString()).doesNotContain("xoxb-from-config");
        }
    }

    @Test
    void slackGateway_shouldCallOnlyTheMethodItUses_whenItPostsFirst() {
        // GIVEN a fresh gateway, as in a cold function
        try (SlackStubServer stub = SlackStubServer.start();
             ApplicationContext context = context(Map.of(
                     "slack.bot.token", "xoxb-cold",
                     "slack.api.url", stub.url(),
                     "klaxon.channel", "C0DEFAULT"))) {

            // WHEN its first call posts an alert
            context.getBean(SlackGateway.class).post(Alert.open("alert-0001", Fixtures.firing("sig-1", Fixtures.T0),
                    Fixtures.policy(), Fixtures.T0));

            // THEN Slack saw that post and nothing before it: no auth.test for the SDK's own statistics
            assertThat(stub.requests()).extracting(SlackStubServer.Request::method).containsExactly("chat.postMessage");
        }
    }

    @Test
    void slackSettings_shouldTakeTheTokenFromTheSecretResolver_whenNoTokenIsConfigured() {
        // GIVEN no token property, and a resolver that finds one (as from SLACK_BOT_TOKEN_SECRET_ARN)
        SecretResolver secrets = new SecretResolver(() -> {
            throw new AssertionError("no Secrets Manager in this test");
        }, name -> name.equals("SLACK_BOT_TOKEN") ? "xoxb-from-secret" : null, ObjectMapper.getDefault());
        try (ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false)
                .singletons(secrets).start()) {

            // WHEN the settings are built
            SlackSettings settings = context.getBean(SlackSettings.class);

            // THEN the resolved token is used
            assertThat(settings.botToken()).isEqualTo("xoxb-from-secret");
            assertThat(context.getBean(SlackGateway.class)).isInstanceOf(SlackWebApiGateway.class);
        }
    }

    @Test
    void slackGateway_shouldFailNamingTheVariable_whenNoTokenIsConfigured() {
        // GIVEN no token, as in a function the template does not give SLACK_BOT_TOKEN_SECRET_ARN
        try (ApplicationContext context = context(Map.of("klaxon.channel", "C0DEFAULT"))) {

            // WHEN the gateway is asked for
            Throwable failure = catchThrowable(() -> context.getBean(SlackGateway.class));

            // THEN it refuses, naming the variable, instead of printing to the console unnoticed
            assertThat(rootCause(failure)).isInstanceOf(SlackNotConfiguredException.class)
                    .hasMessageContaining("SLACK_BOT_TOKEN_SECRET_ARN");
            assertThat(context.getBean(SlackSettings.class))
                    .isEqualTo(new SlackSettings(null, "https://slack.com/api/", "C0DEFAULT"));
        }
    }

    @Test
    void slack_shouldGiveUpAfterTheConfiguredTimeout_whenSlackAnswersLate() {
        // GIVEN a 300 ms timeout (env SLACK_HTTP_TIMEOUT_MILLIS) and a Slack that answers after 3 s
        try (SlackStubServer stub = SlackStubServer.start();
             ApplicationContext context = context(Map.of(
                     "slack.bot.token", "xoxb-from-config",
                     "slack.api.url", stub.url(),
                     SlackFactory.TIMEOUT_PROPERTY, "300"))) {
            Duration late = Duration.ofSeconds(3);
            stub.answerLate("chat.postMessage", r -> true, 1, late);

            // WHEN an alert is posted
            Instant started = Instant.now();
            Throwable failure = catchThrowable(() -> context.getBean(SlackGateway.class).post(
                    Alert.open("alert-0001", Fixtures.firing("sig-1", Fixtures.T0), Fixtures.policy(), Fixtures.T0)));

            // THEN the call gives up well before Slack answers, as a failure to retry, though Slack stored the post
            assertThat(Duration.between(started, Instant.now())).isLessThan(late);
            assertThat(failure).isInstanceOf(SlackUnavailableException.class);
            assertThat(stub.messages("C0123456789")).hasSize(1);
        }
    }

    @Test
    void slackGateway_shouldBeTheConsole_whenTheLocalRuntimeChoosesIt() {
        // GIVEN a token and the local runtime's explicit console choice
        try (ApplicationContext context = context(Map.of("slack.bot.token", "xoxb-local",
                SlackFactory.CONSOLE_PROPERTY, "true"))) {

            // WHEN the gateway is asked for
            SlackGateway gateway = context.getBean(SlackGateway.class);

            // THEN messages go to the console
            assertThat(gateway).isInstanceOf(ConsoleSlackGateway.class);
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void slackGateway_shouldNotSendAPostAgainBehindKlaxonsBack_whenSlackTookItButTheAnswerWasLost() throws Exception {
        // GIVEN a Slack that takes the second chat.postMessage and then drops the connection without answering
        // (what a reset between Slack and Lambda looks like), on a connection the client already used once
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slack.createContext("/api/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posted.add(body);
            if (posted.size() == 2) {
                exchange.close(); // the post took effect; its answer never leaves
                return;
            }
            byte[] answer = ("{\"ok\":true,\"channel\":\"C0DEFAULT\",\"ts\":\"1700000000.00000" + posted.size()
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (var out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        slack.start();
        try (ApplicationContext context = context(Map.of(
                "slack.bot.token", "xoxb-lost-answer",
                "slack.api.url", "http://127.0.0.1:" + slack.getAddress().getPort() + "/api/",
                "klaxon.channel", "C0DEFAULT"))) {
            SlackGateway gateway = context.getBean(SlackGateway.class);
            gateway.post(Alert.open("alert-0001", Fixtures.firing("sig-1", Fixtures.T0), Fixtures.policy(), Fixtures.T0));

            // WHEN the second alert is posted and Slack's answer is lost
            Throwable failed = catchThrowable(() -> gateway.post(Alert.open("alert-0002",
                    Fixtures.firing("sig-2", Fixtures.T0), Fixtures.policy(), Fixtures.T0)));

            // THEN Klaxon hears that the post may not have been made (the workflow retries, and its retry finds
            // the message by its metadata), and the HTTP client did not quietly send the same post again
            assertThat(posted).as("chat.postMessage requests Slack received").hasSize(2);
            assertThat(failed).isInstanceOf(SlackUnavailableException.class);
        } finally {
            slack.stop(0);
        }
    }

    @Test
    void slackGateway_shouldStillPost_whenTheConfiguredTimeoutIsLongerThanAStepHas() {
        // GIVEN an operator's SLACK_HTTP_TIMEOUT_MILLIS of 30 s, and an invocation with 29 s left (notify's 30 s
        // Timeout less its answer): taken as it is, no call would ever fit and every step would give up
        try (SlackStubServer stub = SlackStubServer.start();
             ApplicationContext context = context(Map.of(
                     "slack.bot.token", "xoxb-from-config",
                     "slack.api.url", stub.url(),
                     "klaxon.channel", "C0DEFAULT",
                     SlackFactory.TIMEOUT_PROPERTY, 30_000));
             var deadline = InvocationDeadline.until(Instant.now().plusSeconds(29))) {

            // WHEN the gateway posts
            context.getBean(SlackGateway.class).post(Alert.open("alert-0001", Fixtures.firing("sig-1", Fixtures.T0),
                    Fixtures.policy(), Fixtures.T0));

            // THEN the call was made, and the SDK bounds a whole call by the cut figure
            assertThat(stub.requests("chat.postMessage")).hasSize(1);
            assertThat(context.getBean(com.slack.api.Slack.class).getConfig().getHttpClientCallTimeoutMillis())
                    .isEqualTo((int) SlackFactory.MAX_CALL_TIMEOUT.toMillis());
        }
    }

    @Test
    void callTimeout_shouldBeTheSdksTenSeconds_whenNoneIsConfigured_andTheConfiguredOneUpToTheMaximum() {
        assertThat(SlackFactory.callTimeout(0)).isEqualTo(SlackWebApiGateway.SDK_CALL_TIMEOUT);
        assertThat(SlackFactory.callTimeout(2_000)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SlackFactory.callTimeout(30_000)).isEqualTo(SlackFactory.MAX_CALL_TIMEOUT);
    }
}
