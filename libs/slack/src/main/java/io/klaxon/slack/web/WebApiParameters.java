package io.klaxon.slack.web;

import com.google.gson.JsonParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a Slack Web API call as Slack receives them: the query string, then a form body
 * (what the Slack SDK sends) or a JSON body, whose objects and arrays are kept as their JSON text.
 * For the stand-ins of Slack's Web API that Klaxon runs against (the storm harness's rate-limited
 * Slack, the test stub): one reading of a request, so they cannot disagree about one.
 */
public final class WebApiParameters {

    private WebApiParameters() {
    }

    public static Map<String, String> parse(String contentType, String body, String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(rawQuery, params);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            if (!body.isBlank()) {
                JsonParser.parseString(body).getAsJsonObject().entrySet().forEach(e -> params.put(e.getKey(),
                        e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
            }
        } else {
            parseForm(body, params);
        }
        return params;
    }

    private static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            into.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
    }
}
