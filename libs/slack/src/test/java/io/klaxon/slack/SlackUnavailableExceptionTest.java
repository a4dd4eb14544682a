package io.klaxon.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Which failures certainly sent nothing: a retry may then post without waiting out a lease or looking in the
 * channel. Anything that may have reached Slack must say no, or a line or a message could be shown twice.
 */
class SlackUnavailableExceptionTest {

    private static SlackUnavailableException unreachable(Throwable cause) {
        return new SlackUnavailableException("Slack chat.postMessage unreachable", cause);
    }

    @Test
    void certainlyNotSent_shouldBeTrue_whenNoConnectionWasMade() {
        // GIVEN failures that happen before a byte of the request is written: refused, no route, no such host,
        // a failed TLS handshake
        // WHEN / THEN each certainly sent nothing
        assertThat(unreachable(new ConnectException("Connection refused")).certainlyNotSent()).isTrue();
        assertThat(unreachable(new NoRouteToHostException("No route to host")).certainlyNotSent()).isTrue();
        assertThat(unreachable(new UnknownHostException("slack.com")).certainlyNotSent()).isTrue();
        assertThat(unreachable(new SSLHandshakeException("PKIX path building failed")).certainlyNotSent()).isTrue();
    }

    @Test
    void certainlyNotSent_shouldBeFalse_whenTheRequestMayHaveReachedSlack() {
        // GIVEN failures after the request may have gone out: a read timeout, a dropped connection, a TLS error
        // after the handshake, Slack's own 5xx or error answer
        // WHEN / THEN none is certain
        assertThat(unreachable(new SocketTimeoutException("timeout")).certainlyNotSent()).isFalse();
        assertThat(unreachable(new IOException("unexpected end of stream on http://127.0.0.1/...")).certainlyNotSent())
                .isFalse();
        assertThat(unreachable(new SSLException("Connection reset")).certainlyNotSent()).isFalse();
        assertThat(new SlackUnavailableException("Slack chat.postMessage answered HTTP 503").certainlyNotSent()).isFalse();
    }
}
