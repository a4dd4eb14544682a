package io.klaxon.aws.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB Local takes any credentials and holds the workflow's task tokens: it must be reachable
 * from this machine only.
 */
class EmbeddedDynamoDbTest {

    private static EmbeddedDynamoDb dynamoDb;

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.start();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @Test
    void start_shouldListenOnTheLoopbackAddressOnly() {
        assertThat(dynamoDb.boundAddress().isLoopbackAddress()).isTrue();
        assertThat(dynamoDb.boundAddress().isAnyLocalAddress()).isFalse();
        assertThat(dynamoDb.endpoint().getHost()).isEqualTo("127.0.0.1");
        // and it serves there, through the real SDK
        assertThat(dynamoDb.client().listTables().tableNames()).isEmpty();
    }

    @Test
    void start_shouldRefuseConnections_onEveryNonLoopbackAddressOfThisMachine() throws SocketException {
        // GIVEN this machine's own non-loopback addresses (none on a machine without a network:
        // then the bound-address test above is the whole proof)
        List<InetAddress> own = NetworkInterface.networkInterfaces()
                .filter(EmbeddedDynamoDbTest::up)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
        System.out.println("non-loopback addresses probed: " + own);

        // WHEN / THEN a connection to DynamoDB Local's port on each of them is refused
        int port = dynamoDb.endpoint().getPort();
        for (InetAddress address : own) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 1_000);
                }
            }).as("connect to %s:%d", address, port).isInstanceOf(ConnectException.class);
        }
        // the same probe on the loopback address connects, so a refusal above means "not bound there"
        assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
    }

    private static boolean up(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
