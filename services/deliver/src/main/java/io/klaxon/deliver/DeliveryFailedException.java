package io.klaxon.deliver;

/**
 * A destination may take the event later, but not within this invocation's budget: thrown so that
 * Lambda's asynchronous retries (and then the dead-letter queue) take over. Carries the destination's
 * name and the reason, never its URL or secret.
 */
public class DeliveryFailedException extends RuntimeException {

    public DeliveryFailedException(String message) {
        super(message);
    }
}
