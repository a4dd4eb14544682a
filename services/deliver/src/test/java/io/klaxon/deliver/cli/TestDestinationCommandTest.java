package io.klaxon.deliver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDestinationCommandTest {

    @TempDir
    Path dir;

    private HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/gone") ? 404 : 200, -1);
            }
        });
        receiver.start();
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(stdout);
        System.setErr(stderr);
        receiver.stop(0);
    }

    private Path config(String path) throws Exception {
        Path file = dir.resolve("klaxon.yaml");
        Files.writeString(file, """
                routes:
                  - name: default
                    channel: C0KLAXON
                    policy: default
                policies:
                  default: { levels: [ { mention: [here] } ] }
                destinations:
                  - name: audit
                    type: webhook
                    url: http://127.0.0.1:%d%s
                    secret: ${AUDIT_SECRET}
                """.formatted(receiver.getAddress().getPort(), path));
        return file;
    }

    @Test
    void testDestination_shouldSendOneSignedSampleAndSaySo_whenTheDestinationTakesIt() throws Exception {
        Map<String, String> env = Map.of("KLAXON_CONFIG", config("/hook").toString(), "AUDIT_SECRET", "s3");

        int code = TestDestinationCommand.run(new String[] {"audit"}, env, dir);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip().lines().toList().getLast())
                .isEqualTo("audit (webhook): delivered");
        assertThat(bodies).singleElement().asString().contains("\"detail-type\":\"Alert Opened\"")
                .contains("Klaxon test alert for destination audit");
    }

    @Test
    void testDestination_shouldExit1_whenTheDestinationRefusesIt() throws Exception {
        Map<String, String> env = Map.of("KLAXON_CONFIG", config("/gone").toString(), "AUDIT_SECRET", "s3");

        assertThat(TestDestinationCommand.run(new String[] {"audit"}, env, dir)).isEqualTo(1);
        // the log line saying why comes first (logs go to stdout, as in Lambda); the verdict last
        assertThat(out.toString(StandardCharsets.UTF_8).strip().lines().toList().getLast())
                .startsWith("audit (webhook): refused");
    }

    @Test
    void testDestination_shouldExit2NamingWhatIsMissing_whenTheNameOrAValueIsUnknown() throws Exception {
        Map<String, String> env = Map.of("KLAXON_CONFIG", config("/hook").toString());

        assertThat(TestDestinationCommand.run(new String[] {"nope"}, env, dir)).isEqualTo(2);
        assertThat(TestDestinationCommand.run(new String[] {"audit"}, env, dir)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no destination 'nope'")
                .contains("destination 'audit': ${AUDIT_SECRET} is not set");
        assertThat(bodies).isEmpty();
    }
}
