package io.klaxon.deliver.send;

import io.klaxon.deliver.DestinationType;
import io.klaxon.deliver.Outbound;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HttpsURLConnection;

/**
 * Sends one request and reads the answer. A failure to connect or a timeout is a {@link Answer.Retry};
 * its reason names the exception class only (messages of URI and connect errors carry the URL,
 * which may hold a token).
 *
 * <p>On the JDK's {@link HttpURLConnection}, not its {@code java.net.http} client: in a fresh JVM the first
 * POST through {@code java.net.http} took about 250 ms (its ~290 classes, a selector thread, the asynchronous
 * machinery under a blocking call) against about 30 ms here, and a cold deliver pays that on its first page
 * (docs/benchmarks.md). What the other client did for a destination is kept: no redirect is followed, the
 * proxy is the default selector's, a POST is never sent twice by the client itself (the body is streamed at
 * its fixed length, which turns off {@code HttpURLConnection}'s silent resend of a request whose answer
 * failed), and no attempt outlives its timeout (a timer closes the connection, whatever phase it is in).
 */
public final class HttpSender {

    /** The longest one attempt waits for its answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The longest one attempt waits for a connection, within its timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** What is read of an answer: vendors answer in a few hundred bytes; a longer body is cut here. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final Answers answers;
    private final Clock clock;

    public HttpSender(Answers answers, Clock clock) {
        this.answers = answers;
        this.clock = clock;
    }

    /**
     * Sets up what an HTTPS send needs before the first one (the JDK's default TLS context and its trust
     * store), without connecting anywhere: the SnapStart priming, so the snapshot holds it.
     */
    public void prepare() {
        HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    public Answer send(DestinationType type, Outbound outbound) {
        return send(type, outbound, TIMEOUT);
    }

    /**
     * Sends, waiting at most {@code timeout} for the answer, so a caller with a deadline is not held past
     * it by a receiver that never answers, or answers a byte at a time.
     */
    public Answer send(DestinationType type, Outbound outbound, Duration timeout) {
        if (!timeout.isPositive()) {
            return new Answer.Retry("no time left", null);
        }
        URL url = httpUrl(outbound.url());
        if (url == null) {
            return new Answer.Refused("the url is not a valid URI");
        }
        byte[] body = outbound.body().getBytes(StandardCharsets.UTF_8);
        AtomicBoolean expired = new AtomicBoolean();
        HttpURLConnection connection = null;
        ScheduledFuture<?> expiry = null;
        int status;
        String retryAfter;
        String answer;
        try {
            connection = (HttpURLConnection) url.openConnection();
            HttpURLConnection closing = connection;
            expiry = Expiry.TIMER.schedule(() -> {
                expired.set(true);
                closing.disconnect();
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            connection.setConnectTimeout(millis(CONNECT_TIMEOUT.compareTo(timeout) < 0 ? CONNECT_TIMEOUT : timeout));
            connection.setReadTimeout(millis(timeout));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            outbound.headers().forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            status = connection.getResponseCode();
            retryAfter = connection.getHeaderField("Retry-After");
            answer = read(status < 400 ? connection.getInputStream() : connection.getErrorStream(),
                    connection.getContentType());
        } catch (IOException e) {
            // A closed connection surfaces as whatever the interrupted phase throws; name it for what it was.
            return new Answer.Retry(expired.get() ? "HttpTimeoutException" : e.getClass().getSimpleName(), null);
        } catch (RuntimeException e) {
            if (!expired.get()) {
                throw e;
            }
            // The timer closed the connection under the client, which may fail in a way of its own.
            return new Answer.Retry("HttpTimeoutException", null);
        } finally {
            if (expiry != null) {
                expiry.cancel(false);
            }
            if (connection != null && expired.get()) {
                connection.disconnect();
            }
        }
        return answers.read(type, status, retryAfter, answer, clock.instant());
    }

    /** An absolute http(s) URL with a host, or null: what the client can send to. */
    private static URL httpUrl(String text) {
        try {
            URI uri = URI.create(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return null;
            }
            return uri.toURL();
        } catch (IllegalArgumentException | IOException badUrl) {
            return null;
        }
    }

    private static String read(InputStream in, String contentType) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(MAX_ANSWER_BYTES), charset(contentType));
        }
    }

    /** The charset a {@code Content-Type} names, else UTF-8 (as the {@code java.net.http} string handler read it). */
    static Charset charset(String contentType) {
        if (contentType != null) {
            for (String parameter : contentType.split(";")) {
                String p = parameter.strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").strip());
                    } catch (IllegalArgumentException unknown) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /** One daemon thread that closes connections past their timeout; started on the first send. */
    private static final class Expiry {
        static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "klaxon-http-expiry");
            thread.setDaemon(true);
            return thread;
        });

        static {
            // A send that ends in time cancels its expiry: drop it now rather than keep it until it was due.
            TIMER.setRemoveOnCancelPolicy(true);
        }
    }
}
