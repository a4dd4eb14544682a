package io.klaxon.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FieldOrder} is a hint: whatever the input's order, the tokens are those of {@code nextToken}. */
class FieldOrderTest {

    private static final FieldOrder ORDER = new FieldOrder("AlarmName", "NewStateValue", "Trigger", "Period");

    @Test
    void next_shouldGiveTheTokensOfNextToken_whateverTheOrderOfTheInput() throws IOException {
        List<String> inputs = List.of(
                // the expected order, then shuffled, with unknown, repeated and nested names
                "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\",\"Trigger\":{\"Period\":60},\"Period\":1}",
                "{\"Period\":1,\"Trigger\":{\"Period\":60,\"AlarmName\":\"x\"},\"NewStateValue\":\"OK\",\"AlarmName\":\"a\"}",
                "{\"Other\":[1,{\"AlarmName\":2}],\"AlarmName\":\"a\",\"AlarmName\":\"b\",\"Trigger\":null,\"Extra\":true}",
                // a name that starts like an expected one, is longer or shorter, or is escaped
                "{\"AlarmNames\":1,\"Alarm\":2,\"Alarm\\u004eame\":\"escaped\",\"NewStateValue\" : \"spaced\" }",
                // not objects at all, and empty ones
                "[\"AlarmName\",{}]", "{}", "\"AlarmName\"", "{\"AlarmName\":{\"AlarmName\":{}}}");
        for (String input : inputs) {
            // GIVEN / WHEN the input read with the hint and with plain nextToken
            List<String> hinted = hinted(input);
            List<String> plain = plain(input);
            // THEN the same tokens, names and texts
            assertThat(hinted).as(input).isEqualTo(plain);
        }
    }

    @Test
    void after_shouldMoveToTheNameThatFollows_andStayOnAnUnknownName() {
        // GIVEN / WHEN / THEN a known name moves the position past itself, an unknown one keeps it
        assertThat(ORDER.after("AlarmName", 0)).isEqualTo(1);
        assertThat(ORDER.after("Trigger", 1)).isEqualTo(3);
        assertThat(ORDER.after("AlarmName", 3)).isEqualTo(1);
        assertThat(ORDER.after("Unknown", 2)).isEqualTo(2);
        assertThat(ORDER.after("Period", 3)).isEqualTo(4);
    }

    /** As the readers use it: a position per object, moved after each name. */
    private static List<String> hinted(String input) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.parser(input)) {
            List<Integer> positions = new ArrayList<>();
            JsonToken token = p.nextToken();
            while (token != null) {
                out.add(describe(p, token));
                if (token == JsonToken.START_OBJECT) {
                    positions.add(0);
                } else if (token == JsonToken.END_OBJECT) {
                    positions.removeLast();
                } else if (token == JsonToken.FIELD_NAME) {
                    positions.add(ORDER.after(p.currentName(), positions.removeLast()));
                }
                // A name is expected only where one may come: right inside an object, after a complete value.
                token = !positions.isEmpty() && token != JsonToken.FIELD_NAME && p.getParsingContext().inObject()
                        ? ORDER.next(p, positions.getLast()) : p.nextToken();
            }
        }
        return out;
    }

    private static List<String> plain(String input) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.parser(input)) {
            for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
                out.add(describe(p, token));
            }
        }
        return out;
    }

    private static String describe(JsonParser p, JsonToken token) throws IOException {
        return token + " " + p.currentName() + " " + (token.isScalarValue() || token == JsonToken.FIELD_NAME ? p.getText() : "");
    }
}
