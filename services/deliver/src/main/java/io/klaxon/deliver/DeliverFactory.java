package io.klaxon.deliver;

import io.klaxon.aws.AwsFactory;
import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.deliver.aws.DestinationSecrets;
import io.klaxon.deliver.aws.DynamoDeliveryLedger;
import io.klaxon.deliver.aws.SesMailer;
import io.klaxon.deliver.send.Answers;
import io.klaxon.metrics.EmfMetrics;
import io.klaxon.deliver.send.HttpSender;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The deliver function's beans. */
@Factory
public class DeliverFactory {

    @Singleton
    HttpSender httpSender(JsonMapper json, Clock clock) {
        return new HttpSender(new Answers(json), clock);
    }

    /**
     * SES from the sender {@value #EMAIL_FROM} names (the stack's {@code EmailFrom} parameter, a
     * verified SES identity); the console only when the local runtime says so. Deployed without a
     * sender, a configuration with an email destination fails the function's start, naming it, rather
     * than dropping mail. The SES client is built on first use.
     */
    @Singleton
    @Requires(missingBeans = Mailer.class)
    Mailer mailer(EnvironmentVariables env, AwsFactory aws, Destinations destinations,
                  @Value("${" + CONSOLE_EMAIL_PROPERTY + ":false}") boolean console) {
        if (console) {
            return new ConsoleMailer();
        }
        String from = env.get(EMAIL_FROM);
        if (from == null || from.isBlank()) {
            destinations.all().stream().filter(d -> d.type() == DestinationType.EMAIL).findFirst().ifPresent(d -> {
                throw new IllegalStateException("destination '" + d.name() + "' (email) needs a sender: set the"
                        + " stack's EmailFrom parameter (" + EMAIL_FROM + ") to an SES-verified address");
            });
            return (destination, notice) -> {
                throw new IllegalStateException("no email sender configured");
            };
        }
        return new SesMailer(new SesClientOnDemand(aws), from.trim());
    }

    /** Local plumbing: email destinations print on the console ({@code ./klaxon local}). */
    public static final String CONSOLE_EMAIL_PROPERTY = "klaxon.email.console";

    public static final String EMAIL_FROM = "KLAXON_EMAIL_FROM";

    /** Builds the SES client once, when the first email goes out. */
    private static final class SesClientOnDemand implements java.util.function.Supplier<SesV2Client> {
        private final AwsFactory aws;
        private volatile SesV2Client client;

        SesClientOnDemand(AwsFactory aws) {
            this.aws = aws;
        }

        @Override
        public SesV2Client get() {
            SesV2Client c = client;
            if (c == null) {
                synchronized (this) {
                    if (client == null) {
                        client = aws.configure(SesV2Client.builder()).build();
                    }
                    c = client;
                }
            }
            return c;
        }
    }

    @Singleton
    DeliverService deliverService(HttpSender sender, Mailer mailer, Clock clock) {
        return new DeliverService(sender, mailer, clock, duration -> Thread.sleep(duration));
    }

    @Singleton
    DeliveryLedger deliveryLedger(DynamoDbClient dynamo, Clock clock,
                                  @Value("${klaxon.table:klaxon}") String table) {
        return new DynamoDeliveryLedger(dynamo, table, clock);
    }

    @Singleton
    @Requires(missingBeans = Destinations.class)
    Destinations destinations(EnvironmentVariables env, BeanProvider<SecretsManagerClient> secrets, JsonMapper json) {
        return new ConfiguredDestinations(env::get, new DestinationSecrets(env::get, secrets::get, json));
    }

    @Singleton
    LifecycleMetrics lifecycleMetrics(DeliveryLedger ledger) {
        return new LifecycleMetrics(new EmfMetrics(), ledger);
    }

    @Singleton
    FanOut fanOut(Destinations destinations, DeliverService service, DeliveryLedger ledger) {
        return new FanOut(destinations.all(), service, ledger, new EmfMetrics());
    }
}
