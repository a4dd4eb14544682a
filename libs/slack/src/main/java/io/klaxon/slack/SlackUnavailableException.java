package io.klaxon.slack;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Slack could not take a request now (5xx, rate limited, unreachable). Retryable; the workflow's
 * {@code Retry} names this class, so it stays a top-level class (and no subclass may stand for one of
 * its cases: Step Functions matches the error's class name, not its supertypes).
 */
public class SlackUnavailableException extends RuntimeException {
    public SlackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SlackUnavailableException(String message) {
        super(message);
    }

    /**
     * Whether the request certainly never reached Slack: no connection was made (refused, no route, the host
     * name not resolved) or its TLS handshake failed, all before a byte of the request was written. A timeout
     * or a connection dropped later says nothing of the kind: Slack may have taken the request. A caller that
     * guards against doing a thing twice may then treat the call as not made.
     */
    public boolean certainlyNotSent() {
        Throwable cause = getCause();
        return cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException || cause instanceof SSLHandshakeException;
    }
}
