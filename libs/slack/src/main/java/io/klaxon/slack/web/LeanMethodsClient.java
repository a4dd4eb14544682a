package io.klaxon.slack.web;

import com.google.gson.Gson;
import com.slack.api.methods.Methods;
import com.slack.api.methods.RequestFormBuilder;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.impl.MethodsClientImpl;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.Attachment;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.FormBody;

/**
 * The SDK's Web API client with {@code chat.postMessage} and {@code chat.update} sent and read without the Gson
 * models of what Klaxon neither sends nor reads; every other method is the SDK's own.
 *
 * <p>Why: Gson builds the type adapter of a class for all of its fields, and of their types, at first use. The
 * SDK's {@link Attachment} has fields of type {@code Message}, {@code File}, {@code ListRecord} and more, and
 * {@link ChatPostMessageResponse} and {@link ChatUpdateResponse} hold the {@code Message}: a process's first post
 * built adapters for about a hundred Slack model classes (~30 ms in a cold JVM, on notify's first request),
 * though Klaxon's attachment is a colour, a fallback text and blocks, and Klaxon reads only the answer's channel
 * and ts. Here:
 * <ul>
 *   <li>The attachments' JSON is written by the SDK's own Gson from {@link Colored}, a record of exactly those
 *       three fields in {@link Attachment}'s order: the JSON the SDK writes (tested, string for string). An
 *       attachment with anything else set goes through the SDK's encoding, unchanged.</li>
 *   <li>The answer is parsed into {@link Posted} or {@link Updated} (the fields of {@link SlackApiTextResponse},
 *       channel and ts) by the SDK's own parsing, status handling and errors, then handed back as the SDK's
 *       response without its {@code message}, which nothing in Klaxon reads.</li>
 * </ul>
 * The request carries the fields and values the SDK sends (tested).
 */
public class LeanMethodsClient extends MethodsClientImpl {

    /** The SDK's serializer of a request's JSON parts (RequestFormBuilder's). */
    private static final Gson SDK_JSON = GsonFactory.createSnakeCase();

    public LeanMethodsClient(SlackHttpClient httpClient, String token, String endpointUrlPrefix) {
        super(httpClient, token);
        setEndpointUrlPrefix(endpointUrlPrefix);
    }

    @Override
    public ChatPostMessageResponse chatPostMessage(ChatPostMessageRequest req) throws IOException, SlackApiException {
        Posted posted = postFormWithTokenAndParseResponse(form(req), Methods.CHAT_POST_MESSAGE, getToken(req),
                Posted.class);
        return posted.asSdkResponse();
    }

    @Override
    public ChatUpdateResponse chatUpdate(ChatUpdateRequest req) throws IOException, SlackApiException {
        Updated updated = postFormWithTokenAndParseResponse(form(req), Methods.CHAT_UPDATE, getToken(req),
                Updated.class);
        return updated.asSdkResponse();
    }

    /**
     * The SDK's form of the request, its attachments written from {@link Colored} when that is all they hold. They
     * are added after the SDK's fields, not handed to it as {@code attachmentsAsString}: the SDK parses that back
     * into {@link Attachment}s to look for a missing fallback (a log warning), which would build the very models
     * this class avoids. Klaxon's attachment always has its fallback; the form's fields are the SDK's, only the
     * attachments' place among them differs.
     */
    public static FormBody.Builder form(ChatPostMessageRequest req) {
        return form(req.getAttachmentsAsString(), req.getAttachments(), req::setAttachments,
                () -> RequestFormBuilder.toForm(req));
    }

    /** As {@link #form(ChatPostMessageRequest)}, for {@code chat.update}. */
    static FormBody.Builder form(ChatUpdateRequest req) {
        return form(req.getAttachmentsAsString(), req.getAttachments(), req::setAttachments,
                () -> RequestFormBuilder.toForm(req));
    }

    /** The two requests' forms alike: the SDK's without the attachments, then the attachments as {@link Colored}. */
    private static FormBody.Builder form(String attachmentsAsString, List<Attachment> given,
                                         Consumer<List<Attachment>> setAttachments, Supplier<FormBody.Builder> sdkForm) {
        String attachments = attachmentsAsString == null ? coloredJson(given) : null;
        if (attachments == null) {
            return sdkForm.get();
        }
        setAttachments.accept(null);
        try {
            return sdkForm.get().add("attachments", attachments);
        } finally {
            setAttachments.accept(given);
        }
    }

    /** The attachments' JSON as the SDK writes it; null when one holds more than a colour, a fallback and blocks. */
    static String coloredJson(List<Attachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return null;
        }
        Colored[] colored = new Colored[attachments.size()];
        for (int i = 0; i < colored.length; i++) {
            Attachment a = attachments.get(i);
            // Lombok's equals compares every field: equal to the three-field rebuild means nothing else is set.
            if (a == null || !a.equals(Attachment.builder().fallback(a.getFallback()).color(a.getColor())
                    .blocks(a.getBlocks()).build())) {
                return null;
            }
            colored[i] = new Colored(a.getFallback(), a.getColor(), a.getBlocks());
        }
        return SDK_JSON.toJson(colored);
    }

    /** An attachment as Klaxon renders it, fields in {@link Attachment}'s declaration order (Gson writes in it). */
    record Colored(String fallback, String color, List<LayoutBlock> blocks) {
    }

    /** What Klaxon reads of a {@code chat.postMessage} answer. */
    static final class Posted extends Answer {

        ChatPostMessageResponse asSdkResponse() {
            ChatPostMessageResponse r = copyTo(new ChatPostMessageResponse());
            r.setChannel(channel);
            r.setTs(ts);
            return r;
        }
    }

    /** What Klaxon reads of a {@code chat.update} answer. */
    static final class Updated extends Answer {

        ChatUpdateResponse asSdkResponse() {
            ChatUpdateResponse r = copyTo(new ChatUpdateResponse());
            r.setChannel(channel);
            r.setTs(ts);
            return r;
        }
    }

    /** The fields of every Web API answer, and the message's channel and ts. */
    abstract static class Answer implements SlackApiTextResponse {
        private boolean ok;
        private String warning;
        private String error;
        private String needed;
        private String provided;
        protected String channel;
        protected String ts;
        private transient Map<String, List<String>> httpResponseHeaders;

        /** The fields every answer has, onto the SDK's response. */
        <R extends SlackApiTextResponse> R copyTo(R r) {
            r.setOk(ok);
            r.setWarning(warning);
            r.setError(error);
            r.setNeeded(needed);
            r.setProvided(provided);
            r.setHttpResponseHeaders(httpResponseHeaders);
            return r;
        }

        @Override
        public boolean isOk() {
            return ok;
        }

        @Override
        public void setOk(boolean ok) {
            this.ok = ok;
        }

        @Override
        public String getWarning() {
            return warning;
        }

        @Override
        public void setWarning(String warning) {
            this.warning = warning;
        }

        @Override
        public String getError() {
            return error;
        }

        @Override
        public void setError(String error) {
            this.error = error;
        }

        @Override
        public String getNeeded() {
            return needed;
        }

        @Override
        public void setNeeded(String needed) {
            this.needed = needed;
        }

        @Override
        public String getProvided() {
            return provided;
        }

        @Override
        public void setProvided(String provided) {
            this.provided = provided;
        }

        @Override
        public Map<String, List<String>> getHttpResponseHeaders() {
            return httpResponseHeaders;
        }

        @Override
        public void setHttpResponseHeaders(Map<String, List<String>> headers) {
            this.httpResponseHeaders = headers;
        }
    }
}
