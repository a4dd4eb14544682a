package io.klaxon.domain.port;

/**
 * The store refused or failed a request for a reason other than a lost race (throttling, an
 * outage). Retryable: the workflow's {@code Retry} names this class, so it stays a top-level class.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
