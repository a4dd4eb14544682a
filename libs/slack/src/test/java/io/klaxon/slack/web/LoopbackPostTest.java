package io.klaxon.slack.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.SlackConfig;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.util.http.SlackHttpClient;
import io.klaxon.slack.SlackFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class LoopbackPostTest {

    @Test
    void post_shouldGoThroughTheGivenClientToTheLoopbackOnly_andLeaveNoConnectionBehind() throws Exception {
        // GIVEN the SDK's HTTP client as the functions build it (SlackFactory.sdk), recording every request it sends
        SlackConfig config = new SlackConfig();
        SlackHttpClient built = SlackFactory.sdk(config).getHttpClient();
        List<Request> sent = new CopyOnWriteArrayList<>();
        OkHttpClient okHttp = built.getOkHttpClient().newBuilder()
                .addInterceptor(chain -> {
                    sent.add(chain.request());
                    return chain.proceed(chain.request());
                })
                .build();
        SlackHttpClient http = new SlackHttpClient(okHttp);
        http.setConfig(built.getConfig());

        // WHEN a post is primed through it
        ChatPostMessageResponse answer = LoopbackPost.post(http, ChatPostMessageRequest.builder()
                .channel("C0PRIMING").text("priming").build());

        // THEN the one request was a chat.postMessage to the loopback interface, answered as Slack answers a post
        assertThat(sent).singleElement().satisfies(request -> {
            assertThat(request.url().host()).isEqualTo("127.0.0.1");
            assertThat(request.url().encodedPath()).isEqualTo("/api/chat.postMessage");
            assertThat(request.method()).isEqualTo("POST");
        });
        assertThat(answer.isOk()).isTrue();
        assertThat(answer.getTs()).isEqualTo("1700000000.000001");
        // AND the client keeps no connection to a server that is gone (the snapshot must not hold one)
        assertThat(okHttp.connectionPool().connectionCount()).isZero();
    }
}
