package io.klaxon.interact.slack;

/**
 * A signed request Klaxon cannot understand (malformed form body, payload or command). Answered
 * with 400 and the message, before anything is changed.
 */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
