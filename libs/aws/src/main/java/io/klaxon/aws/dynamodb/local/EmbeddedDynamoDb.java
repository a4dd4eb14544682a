package io.klaxon.aws.dynamodb.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local, in memory, as an HTTP server on a free port: the store of the local runtime and
 * of the integration tests. The real SDK client talks to it over HTTP exactly as it talks to AWS.
 *
 * <p>Needs {@code com.amazonaws:DynamoDBLocal} on the class path (an optional dependency of this
 * module: the local runtime and tests add it, Lambda artifacts do not). Telemetry is switched off.
 * DynamoDB Local binds every interface (it has no host option); clients use {@code 127.0.0.1}.
 * Nothing is persisted: every instance starts empty.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    /** DynamoDB Local accepts any credentials; these never leave the machine. */
    private static final StaticCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final DynamoDbClient client;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.client = newClient();
    }

    /** Starts an empty in-memory DynamoDB Local on a free port and returns once it accepts requests. */
    public static EmbeddedDynamoDb start() {
        int port = freePort();
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
            server.start();
            return new EmbeddedDynamoDb(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: what {@code DYNAMODB_ENDPOINT} is set to for the local runtime. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client bound to this server (dummy static credentials, region us-east-1), closed with it. */
    public DynamoDbClient client() {
        return client;
    }

    /** A new client, for callers that want their own timeouts or retries; the caller closes it. */
    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY_CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .build();
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    private static int freePort() {
        // Probed on every interface, as DynamoDB Local binds it. The port is free when probed and
        // bound right after; a collision in between surfaces as a start failure naming the port.
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for DynamoDB Local", e);
        }
    }
}
