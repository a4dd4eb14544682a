package io.klaxon.deliver.send;

import io.klaxon.deliver.DestinationType;
import io.klaxon.deliver.Outbound;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends one request and reads the answer. A failure to connect or a timeout is a {@link Answer.Retry};
 * its reason names the exception class only (messages of URI and connect errors carry the URL,
 * which may hold a token).
 */
public final class HttpSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Answers answers;
    private final Clock clock;

    public HttpSender(HttpClient http, Answers answers, Clock clock) {
        this.http = http;
        this.answers = answers;
        this.clock = clock;
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Answer send(DestinationType type, Outbound outbound) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(outbound.url())).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(outbound.body()));
        } catch (IllegalArgumentException badUrl) {
            return new Answer.Refused("the url is not a valid URI");
        }
        outbound.headers().forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return answers.read(type, response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null), response.body(), clock.instant());
        } catch (IOException e) {
            return new Answer.Retry(e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Retry("interrupted", null);
        }
    }
}
