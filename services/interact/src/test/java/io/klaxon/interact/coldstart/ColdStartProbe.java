package io.klaxon.interact.coldstart;

import io.klaxon.domain.testing.ColdStart;
import io.klaxon.interact.HttpApiEvent;
import io.klaxon.interact.HttpApiResponse;
import io.klaxon.interact.InteractHandler;
import io.klaxon.interact.slack.SnapStartPriming;
import io.klaxon.interact.testing.InteractWorld;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Measures a cold start of {@link InteractHandler}: one fresh JVM, the production bean graph (ports
 * in memory, see {@link InteractWorld}), one signed Slack click decoded and answered as the Lambda
 * runtime would (event JSON in through the registered serializer, response JSON out). Prints one
 * line {@code COLD_START …} and exits; {@code bench/cold-start.sh} times the
 * process from outside. Not a test: run it with the shaded jar on the class path.
 *
 * <p>Arguments: {@code aws-clients} also builds the DynamoDB and Step Functions clients during
 * init (no call is made); {@code primed} runs the SnapStart priming before the request.
 */
public final class ColdStartProbe {

    /**
     * The click as API Gateway hands it to the function: the sample HTTP API event carrying the world's claim of
     * alert {@code a1}, signed with {@link InteractWorld#SECRET} at {@link InteractWorld#NOW} (ColdStartInputTest
     * keeps it so). Text, not built here: building it would run the world's own mapper and the HMAC in the
     * probe's JVM, warming what the function's first request should pay for.
     */
    static final String CLICK = "/coldstart/claim-click.json";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String click = InteractWorld.resource(CLICK.substring(1));
        boolean awsClients = java.util.Arrays.asList(args).contains("aws-clients");
        boolean primed = ColdStart.primed(args);
        String variant = (awsClients ? "aws-clients" : "ports-in-memory") + (primed ? "+primed" : "");
        ColdStart.measure("interact", variant, () -> {
            // ---- Lambda init: build the context and the handler ----
            InteractWorld world = new InteractWorld();
            world.waitingAlert("a1");
            Map<String, Object> properties = new HashMap<>(Map.of("slack.signing.secret", InteractWorld.SECRET));
            properties.put("aws.region", "us-east-1");
            ApplicationContext context = world.context(properties);
            if (awsClients) {
                context.getBean(DynamoDbClient.class);
                context.getBean(SfnClient.class);
            }
            InteractHandler handler = new InteractHandler(context);
            JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
            if (primed) {
                context.getBean(SnapStartPriming.class).run();
            }
            // ---- first invocation: event JSON in, response JSON out ----
            return () -> {
                HttpApiEvent event = serializer.fromJson(click, HttpApiEvent.class);
                HttpApiResponse response = handler.handleRequest(event, null);
                var out = new ByteArrayOutputStream();
                serializer.toJson(response, out, HttpApiResponse.class);
                if (response.statusCode() != 200 || world.resumer.calls().size() != 1) {
                    throw new IllegalStateException("the probe's click was not handled: HTTP " + response.statusCode());
                }
                return out.toString(StandardCharsets.UTF_8);
            };
        });
    }
}
