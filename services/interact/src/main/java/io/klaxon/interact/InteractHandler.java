package io.klaxon.interact;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
public class InteractHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

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
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        // The alert id is known once SlackEndpoint has decoded the click; it names it there.
        try (var log = LogContext.invocation()) {
            return answer(event);
        }
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        HttpReply reply;
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? null : event.getRequestContext().getHttp().getMethod();
        if (method != null && !"POST".equalsIgnoreCase(method)) {
            reply = HttpReply.error(405, "Slack requests are POSTs");
        } else {
            String body = body(event);
            reply = body == null
                    ? HttpReply.error(400, "the body is marked base64 but is not valid base64")
                    : endpoint.handle(event.getRawPath(), event.getHeaders() == null ? Map.of() : event.getHeaders(), body);
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(reply.status())
                .withHeaders(Map.of("Content-Type", reply.contentType()))
                .withBody(reply.body())
                .withIsBase64Encoded(false)
                .build();
    }

    /** The raw body as Slack sent it; API Gateway base64-encodes bodies it considers binary. */
    private static String body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || !event.getIsBase64Encoded()) {
            return body == null ? "" : body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
