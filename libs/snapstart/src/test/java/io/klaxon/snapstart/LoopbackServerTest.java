package io.klaxon.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {

    @Test
    void answering_shouldAnswerEveryRequestAsToldOnTheLoopback_andCloseEachConnection() throws Exception {
        // GIVEN a server answering as a webhook receiver would
        try (LoopbackServer server = LoopbackServer.answering(202, "application/json", "{\"status\":\"success\"}")) {
            HttpClient client = HttpClient.newHttpClient();

            // WHEN a client posts to a path under it
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(server.url() + "api/anything"))
                    .POST(HttpRequest.BodyPublishers.ofString("payload=1")).build(), HttpResponse.BodyHandlers.ofString());

            // THEN it answered as told, from 127.0.0.1, and said the connection ends with this exchange
            assertThat(server.url()).startsWith("http://127.0.0.1:").endsWith("/");
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.body()).isEqualTo("{\"status\":\"success\"}");
            assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(answer.headers().firstValue("Connection")).contains("close");
        }
    }

    @Test
    void close_shouldStopTheServer() throws Exception {
        // GIVEN a server that was closed
        LoopbackServer server = LoopbackServer.answering(200, "text/plain", "ok");
        String url = server.url();
        server.close();

        // WHEN a client sends to it THEN nobody is listening any more
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
    }
}
