package io.klaxon.interact;

import io.klaxon.interact.slack.HttpReply;
import io.klaxon.interact.slack.SlackEndpoint;
import io.klaxon.logging.LogContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Lambda entry behind the HTTP API (payload format 2.0) for Slack's interactivity and slash command
 * requests: decode the HTTP event, let {@link SlackEndpoint} answer, encode the reply. No HTTP
 * server stack, so a cold start still acknowledges within Slack's 3 seconds.
 */
public class InteractHandler extends MicronautRequestHandler<HttpApiEvent, HttpApiResponse> {

    @Inject
    SlackEndpoint endpoint;

    /** For the Lambda runtime. */
    public InteractHandler() {
        super();
    }

    /** For tests and the local runtime, which share one application context. */
    public InteractHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public HttpApiResponse execute(HttpApiEvent event) {
        // The alert id is known once SlackEndpoint has decoded the click; it names it there.
        try (var log = LogContext.invocation()) {
            return answer(event);
        }
    }

    private HttpApiResponse answer(HttpApiEvent event) {
        HttpReply reply;
        String method = event.method();
        if (method != null && !"POST".equalsIgnoreCase(method)) {
            reply = HttpReply.error(405, "Slack requests are POSTs");
        } else {
            String body = body(event);
            reply = body == null
                    ? HttpReply.error(400, "the body is marked base64 but is not valid base64")
                    : endpoint.handle(event.rawPath(), event.headers() == null ? Map.of() : event.headers(), body);
        }
        return new HttpApiResponse(reply.status(), Map.of("Content-Type", reply.contentType()), reply.body(), false);
    }

    /** The raw body as Slack sent it; API Gateway base64-encodes bodies it considers binary. */
    private static String body(HttpApiEvent event) {
        String body = event.body();
        if (body == null || !event.base64Encoded()) {
            return body == null ? "" : body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
