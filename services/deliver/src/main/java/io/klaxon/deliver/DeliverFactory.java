package io.klaxon.deliver;

import io.klaxon.aws.EnvironmentVariables;
import io.klaxon.deliver.aws.DestinationSecrets;
import io.klaxon.deliver.aws.DynamoDeliveryLedger;
import io.klaxon.deliver.send.Answers;
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

/** The deliver function's beans. */
@Factory
public class DeliverFactory {

    @Singleton
    HttpSender httpSender(JsonMapper json, Clock clock) {
        return new HttpSender(HttpSender.defaultClient(), new Answers(json), clock);
    }

    @Singleton
    @Requires(missingBeans = Mailer.class)
    Mailer mailer() {
        return new ConsoleMailer();
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
    FanOut fanOut(Destinations destinations, DeliverService service, DeliveryLedger ledger) {
        return new FanOut(destinations.all(), service, ledger);
    }
}
