package io.klaxon.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import io.klaxon.aws.secrets.SecretResolver;
import io.klaxon.domain.port.CallBudget;
import io.klaxon.domain.port.RenderLedger;
import io.klaxon.metrics.EmfMetrics;
import io.klaxon.slack.console.ConsoleSlackGateway;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.render.RenderTemplate;
import io.klaxon.slack.web.LeanMethodsClient;
import io.klaxon.slack.web.ResponseUrls;
import io.klaxon.slack.web.SlackPacing;
import io.klaxon.slack.web.SlackWebApiGateway;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Klaxon's Slack beans once per process (per Lambda container), never per call.
 *
 * <p>Settings come from Micronaut properties, which environment variables feed:
 * {@code SLACK_BOT_TOKEN} → {@code slack.bot.token}, {@code SLACK_API_URL} → {@code slack.api.url},
 * {@code KLAXON_CHANNEL} → {@code klaxon.channel}. When deployed, the token is not in the environment:
 * {@code SLACK_BOT_TOKEN_SECRET_ARN} names a Secrets Manager secret, read once by
 * {@link SecretResolver}.
 *
 * <p>A function that talks to Slack and finds no token fails when its gateway is built (at
 * start-up, since the handlers inject their services), naming the variable: it never falls back to
 * printing silently. The console sink is an explicit choice of the local runtime, property
 * {@value #CONSOLE_PROPERTY}; even then the token must resolve, so a function the template
 * forgot to give the token fails locally as it would in AWS.
 */
@Factory
public class SlackFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SlackFactory.class);

    /** The name the token goes by: env {@code SLACK_BOT_TOKEN}, or {@code SLACK_BOT_TOKEN_SECRET_ARN}. */
    public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";

    /**
     * Set only by the local runtime (no AWS counterpart): print messages instead of calling Slack.
     * Outside the {@code klaxon.}/{@code slack.} namespaces, which the template must configure.
     */
    public static final String CONSOLE_PROPERTY = "local.slack.console";

    /** Milliseconds a Slack call may wait for its answer; env {@code SLACK_HTTP_TIMEOUT_MILLIS}. */
    public static final String TIMEOUT_PROPERTY = "slack.http.timeout.millis";

    /**
     * The longest a Slack call may take, whatever {@link #TIMEOUT_PROPERTY} says: notify's steps make up to three
     * calls in its 30 s {@code Timeout} (less 1 s for the answer), and the gateway starts a call only while a
     * whole call still fits (ADR 0001, "Killed steps"). At 14 s a step whose first call took all of it still has
     * time for a second; a longer figure would make steps give up with time to spare, or, at 29 s and up,
     * before their first call.
     */
    static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(14);

    /**
     * @param botToken an explicit token (env {@code SLACK_BOT_TOKEN} or the property) wins; otherwise
     *                 the secret named by {@code SLACK_BOT_TOKEN_SECRET_ARN}, when the AWS adapters
     *                 provide a resolver
     */
    @Singleton
    public SlackSettings slackSettings(@Value("${slack.bot.token:}") String botToken,
                                       @Value("${slack.api.url:}") String apiUrl,
                                       @Value("${klaxon.channel:}") String defaultChannel,
                                       Optional<SecretResolver> secrets) {
        String token = botToken;
        if (token == null || token.isBlank()) {
            token = secrets.map(s -> s.resolve(BOT_TOKEN)).orElse(null);
        }
        return new SlackSettings(token, apiUrl, defaultChannel);
    }

    /**
     * @param templates each route's message template, when the function provides them (notify maps
     *                  klaxon.yaml's); otherwise every alert renders in the default layout
     */
    @Singleton
    public AlertMessageRenderer alertMessageRenderer(Optional<RenderTemplate.Choice> templates) {
        return new AlertMessageRenderer(templates.orElse(RenderTemplate.Choice.DEFAULT_ONLY));
    }

    /**
     * The SDK's entry point, holding the HTTP client; closed with the application context.
     *
     * @param timeoutMillis how long a call may wait for Slack's answer (read and write timeouts of
     *                      the SDK's HTTP client), property {@value #TIMEOUT_PROPERTY} (env
     *                      {@code SLACK_HTTP_TIMEOUT_MILLIS}); 0 or unset keeps the SDK's own 10 s, and it is
     *                      cut to {@link #MAX_CALL_TIMEOUT}; the whole call is bounded by the same figure. The
     *                      template sets none; tests that play a Slack answering late use a short one.
     */
    @Singleton
    @Bean(preDestroy = "close")
    public Slack slack(SlackSettings settings, @Value("${" + TIMEOUT_PROPERTY + ":0}") int timeoutMillis) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        int callMillis = (int) callTimeout(timeoutMillis).toMillis();
        if (timeoutMillis > 0) {
            config.setHttpClientReadTimeoutMillis(callMillis);
            config.setHttpClientWriteTimeoutMillis(callMillis);
        }
        // The whole call (connect, write, read), not each read: the gateway's time guard counts on a call
        // ending within this, so that a step never starts one Lambda would kill half-way.
        config.setHttpClientCallTimeoutMillis(callMillis);
        return sdk(config);
    }

    /**
     * How long one Slack call may take: the configured figure, or the SDK's own 10 s when none is, and never more
     * than {@link #MAX_CALL_TIMEOUT} (a larger figure is logged and cut).
     */
    static Duration callTimeout(int timeoutMillis) {
        if (timeoutMillis <= 0) {
            return SlackWebApiGateway.SDK_CALL_TIMEOUT;
        }
        Duration configured = Duration.ofMillis(timeoutMillis);
        if (configured.compareTo(MAX_CALL_TIMEOUT) > 0) {
            LOG.warn("{} is {} ms; a Slack call is given at most {} ms, so that a notify step still fits in its"
                    + " function's timeout", TIMEOUT_PROPERTY, timeoutMillis, MAX_CALL_TIMEOUT.toMillis());
            return MAX_CALL_TIMEOUT;
        }
        return configured;
    }

    /**
     * The SDK as every Klaxon client (and the tests' stub) uses it: on an HTTP client that never sends a request
     * a second time by itself, and without the SDK's own call statistics. OkHttp, under the SDK, by default
     * repeats a request whose connection failed, even after the request went out: when Slack has taken a
     * {@code chat.postMessage} and the connection drops before its answer, the post is made twice and the
     * channel shows the alert twice (tested). Without the repeat, the call fails as unavailable and the
     * workflow's retry first looks for the message it may have made (ADR 0004). OkHttp checks an idle
     * connection before it sends a request that is not a GET on it, so one the server closed is seldom used;
     * when it is (the close not seen yet), the call fails as an I/O failure of unknown outcome, and is not
     * repeated either.
     */
    public static Slack sdk(SlackConfig config) {
        // Without this the SDK keeps call statistics per Slack team (its rate-limit metrics, which Klaxon never
        // reads: it counts calls itself and paces through CallBudget), and to learn the team it precedes a
        // token's first call with an auth.test: one more HTTPS round trip to Slack on every cold start (inside a
        // click's 3 s for interact's views.open).
        config.setStatsEnabled(false);
        OkHttpClient client = SlackHttpClient.buildOkHttpClient(config).newBuilder()
                .retryOnConnectionFailure(false)
                .build();
        return Slack.getInstance(config, new SlackHttpClient(client));
    }

    /**
     * @param console the local runtime's choice to print instead of calling Slack
     * @param budget  the call budget every function shares (in the alert table, ADR 0013); without
     *                one (no AWS adapters in the context) calls are not paced
     * @param ledger  what each message last showed, so older renders are skipped (ADR 0013), and which thread
     *                lines were posted, so none is posted twice (ADR 0003)
     * @throws SlackNotConfiguredException when no bot token is configured
     */
    @Singleton
    public SlackGateway slackGateway(SlackSettings settings, BeanProvider<Slack> slack, AlertMessageRenderer renderer,
                                     @Value("${" + CONSOLE_PROPERTY + ":false}") boolean console,
                                     BeanProvider<CallBudget> budget, BeanProvider<RenderLedger> ledger,
                                     Optional<Clock> clock,
                                     @Value("${" + TIMEOUT_PROPERTY + ":0}") int timeoutMillis) {
        if (!settings.hasToken()) {
            throw new SlackNotConfiguredException("no Slack bot token: " + BOT_TOKEN + SecretResolver.ARN_SUFFIX
                    + " (the ARN of the Secrets Manager secret holding it) is not set in this function's environment,"
                    + " nor " + BOT_TOKEN);
        }
        if (console) {
            LOG.info("local console chosen: Slack messages are printed here, not sent");
            return new ConsoleSlackGateway(System.out, renderer, settings.defaultChannel());
        }
        if (!settings.botToken().startsWith("xoxb-") && !settings.botToken().startsWith("xoxp-")) {
            // Slack-compatible servers may accept anything; Slack itself wants a bot token.
            LOG.warn("SLACK_BOT_TOKEN does not look like a Slack bot token (xoxb-…); using it anyway");
        }
        LOG.info("Slack Web API at {}", settings.apiUrl());
        Slack sdk = slack.get();
        SlackPacing pacing = budget.isPresent()
                ? SlackPacing.shared(budget::get, clock.orElseGet(Clock::systemUTC)) : SlackPacing.unpaced();
        // The SDK's methods client, but chat.postMessage without the Gson models Klaxon never sends or reads (see
        // LeanMethodsClient: ~30 ms of a cold function's first post).
        return new SlackWebApiGateway(new LeanMethodsClient(sdk.getHttpClient(), settings.botToken(),
                sdk.getConfig().getMethodsEndpointUrlPrefix()), renderer, settings.defaultChannel(),
                new ResponseUrls(sdk, settings.apiUrl()), pacing, ledger.isPresent() ? ledger::get : null,
                new EmfMetrics(), clock.orElseGet(Clock::systemUTC), callTimeout(timeoutMillis));
    }
}
