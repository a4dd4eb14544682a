package io.klaxon.slack.web;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.ActionResponseSender;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.webhook.WebhookResponse;
import io.klaxon.slack.SlackRejectedException;
import io.klaxon.slack.SlackSettings;
import io.klaxon.slack.SlackUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a click through its {@code response_url} with the Slack SDK's {@link ActionResponseSender}:
 * an ephemeral message to the clicker ({@code replace_original: false}, so the alert's message stays).
 *
 * <p>A response_url arrives in a click's payload and travels through a workflow execution's input, so
 * it is only posted to when it is Slack's ({@code https://hooks.slack.com/…}) or, for a
 * Slack-compatible server configured as {@code SLACK_API_URL} (a stub in tests), that server's own
 * origin: Klaxon must not become a way to make requests to arbitrary addresses. The address itself is
 * a short-lived credential for that person's conversation and never appears in a log line or an
 * exception message; only its host does.
 */
public final class ResponseUrls {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseUrls.class);

    /** Where Slack's response_urls point (the commercial and the GovSlack hosts). */
    private static final Set<String> SLACK_HOSTS = Set.of("hooks.slack.com", "hooks.slack-gov.com");
    static final String METHOD = "response_url";

    private final ActionResponseSender sender;
    /** The configured Slack-compatible server's origin, or null when SLACK_API_URL is Slack's own. */
    private final URI compatibleOrigin;

    /**
     * @param apiUrl the configured Web API base URL ({@link SlackSettings#apiUrl()})
     */
    public ResponseUrls(Slack slack, String apiUrl) {
        this.sender = new ActionResponseSender(Objects.requireNonNull(slack, "slack"));
        URI api = URI.create(apiUrl == null || apiUrl.isBlank() ? SlackSettings.SLACK_API_URL : apiUrl);
        this.compatibleOrigin = "slack.com".equalsIgnoreCase(api.getHost()) ? null : origin(api);
    }

    /** Whether Klaxon will post to this address. */
    public boolean allows(String responseUrl) {
        URI uri;
        try {
            uri = new URI(responseUrl);
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getPort() == -1
                && SLACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return compatibleOrigin != null && compatibleOrigin.equals(origin(uri));
    }

    /**
     * @throws SlackRejectedException {@code url_not_allowed}, {@code expired_url} (404/410: the
     *         address expired or was used up) or {@code http_<status>}
     * @throws SlackUnavailableException on 408, 429, 5xx and network failures
     */
    public void send(String responseUrl, String text) {
        if (!allows(responseUrl)) {
            LOG.warn("not answering through a response_url on host {}: not Slack's", host(responseUrl));
            throw new SlackRejectedException(METHOD, "url_not_allowed");
        }
        ActionResponse response = ActionResponse.builder()
                .responseType("ephemeral")
                .replaceOriginal(false)
                .text(text)
                .build();
        WebhookResponse answer;
        try {
            answer = sender.send(responseUrl, response);
        } catch (IOException e) {
            // The exception's message may quote the address; name only what kind of failure it was.
            throw new SlackUnavailableException("Slack response_url on " + host(responseUrl) + " unreachable: "
                    + e.getClass().getSimpleName(), null);
        }
        int status = answer.getCode() == null ? 0 : answer.getCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 404 || status == 410) {
            throw new SlackRejectedException(METHOD, "expired_url");
        }
        if (status == 408 || status == 429 || status >= 500 || status == 0) {
            throw new SlackUnavailableException("Slack response_url answered HTTP " + status, null);
        }
        throw new SlackRejectedException(METHOD, "http_" + status);
    }

    private static URI origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return URI.create(scheme + "://" + host + ":" + port);
    }

    private static String host(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null ? "(none)" : host;
        } catch (URISyntaxException | NullPointerException e) {
            return "(unparseable)";
        }
    }
}
