package io.klaxon.aws.dynamodb.local;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
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
 * module: the local runtime and tests add it, Lambda artifacts do not). Nothing is persisted: every
 * instance starts empty.
 *
 * <p>It listens on 127.0.0.1 only. DynamoDB Local accepts any credentials and this store holds the
 * workflow's task tokens, so on another interface anyone on the network could resume workflows.
 * Its launcher ({@code ServerRunner}, {@code DynamoDBProxyServer}) has no host option and binds
 * every interface, so this class serves DynamoDB Local's own request handler from a Jetty server
 * (the one DynamoDB Local ships with) whose connector is bound to the loopback address. Telemetry,
 * which only that launcher sets up, never starts.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    /** DynamoDB Local accepts any credentials; these never leave the machine. */
    private static final StaticCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final ServerConnector connector;
    private final URI endpoint;
    private final DynamoDbClient client;

    private EmbeddedDynamoDb(Server server, LocalDynamoDBServerHandler handler, ServerConnector connector) {
        this.server = server;
        this.handler = handler;
        this.connector = connector;
        this.endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        this.client = newClient();
    }

    /**
     * Starts an empty in-memory DynamoDB Local on a free loopback port and returns once it accepts
     * requests.
     */
    public static EmbeddedDynamoDb start() {
        Server server = new Server();
        LocalDynamoDBServerHandler handler = null;
        try {
            // As `-inMemory` (no -sharedDb, no delayed statuses) and without CORS: no browser page may call it.
            handler = new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(0, true, null, false, false), null);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
            connector.setPort(0);
            server.addConnector(connector);
            // The handler sits in a context collection, as DynamoDB Local's own launcher arranges it.
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            server.setHandler(new ContextHandlerCollection(context));
            server.start();
            return new EmbeddedDynamoDb(server, handler, connector);
        } catch (Exception e) {
            stopQuietly(server, handler);
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
    }

    /** The address it listens on: the loopback address, never a wildcard or a network interface. */
    public InetAddress boundAddress() {
        try {
            // The listening socket's own address, not the configured host (null would mean "all").
            return ((InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress()).getAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the address DynamoDB Local is bound to", e);
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
        } finally {
            handler.close();
        }
    }

    private static void stopQuietly(Server server, LocalDynamoDBServerHandler handler) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // start failed; the start error is the one worth reporting
        }
        if (handler != null) {
            handler.close();
        }
    }
}
