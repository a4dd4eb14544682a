package io.klaxon.deliver;

/**
 * Sends a lifecycle event by email: SES when deployed, the console when running locally.
 */
public interface Mailer {

    void send(Destination destination, Notice notice);
}
