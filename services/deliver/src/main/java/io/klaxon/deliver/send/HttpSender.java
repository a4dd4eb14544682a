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
import java.util.function.Supplier;

/**
 * Sends one request and reads the answer. A failure to connect or a timeout is a {@link Answer.Retry};
 * its reason names the exception class only (messages of URI and connect errors carry the URL,
 * which may hold a token).
 */
public final class HttpSender {

    /** The longest one attempt waits for its answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<HttpClient> http;
    private final Answers answers;
    private final Clock clock;

    public HttpSender(HttpClient http, Answers answers, Clock clock) {
        this(() -> http, answers, clock);
    }

    private HttpSender(Supplier<HttpClient> http, Answers answers, Clock clock) {
        this.http = http;
        this.answers = answers;
        this.clock = clock;
    }

    /**
     * A sender whose {@link #defaultClient()} is built on the first send (or {@link #prepare()}): building
     * it sets up TLS (~300 JDK security classes and a selector thread), which a function configured with
     * no HTTP destination, or one whose event goes to none, never needs.
     */
    public static HttpSender onDemand(Answers answers, Clock clock) {
        return new HttpSender(new OnDemandClient(), answers, clock);
    }

    /** Builds the HTTP client without sending anything (the SnapStart priming, so the snapshot holds it). */
    public void prepare() {
        http.get();
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Answer send(DestinationType type, Outbound outbound) {
        return send(type, outbound, TIMEOUT);
    }

    /**
     * Sends, waiting at most {@code timeout} for the answer, so a caller with a deadline is not held past
     * it by a receiver that never answers. Interrupting the calling thread cancels the request.
     */
    public Answer send(DestinationType type, Outbound outbound, Duration timeout) {
        if (!timeout.isPositive()) {
            return new Answer.Retry("no time left", null);
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(outbound.url())).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(outbound.body()));
        } catch (IllegalArgumentException badUrl) {
            return new Answer.Refused("the url is not a valid URI");
        }
        outbound.headers().forEach(request::header);
        try {
            HttpResponse<String> response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return answers.read(type, response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null), response.body(), clock.instant());
        } catch (IOException e) {
            return new Answer.Retry(e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Retry("interrupted", null);
        }
    }

    /** The default client, built once, on the first call; safe when two sends race. */
    private static final class OnDemandClient implements Supplier<HttpClient> {
        private volatile HttpClient client;

        @Override
        public HttpClient get() {
            HttpClient built = client;
            if (built == null) {
                synchronized (this) {
                    built = client;
                    if (built == null) {
                        built = defaultClient();
                        client = built;
                    }
                }
            }
            return built;
        }
    }
}
