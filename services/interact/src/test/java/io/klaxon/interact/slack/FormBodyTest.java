package io.klaxon.interact.slack;

import static io.klaxon.interact.testing.InteractWorld.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.interact.testing.InteractWorld;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    private final InteractWorld world = new InteractWorld();

    @Test
    void parse_shouldYieldThePayloadJson_whenBodyIsBoltPythonBlockActionsForm() {
        // GIVEN the raw body built from the Enterprise Grid sample as Slack's own test builds it
        String body = resource("slack/block-actions-bolt-python-form-body.derived.txt");
        // WHEN
        Map<String, String> form = FormBody.parse(body);
        // THEN the payload field is that sample's JSON, value for value
        assertThat(form).containsOnlyKeys("payload");
        assertThat(world.read(form.get("payload")))
                .isEqualTo(world.read(resource("slack/block-actions-bolt-python-enterprise.json")));
    }

    @Test
    void parse_shouldDecodePlusAndPercentEscapes_whenBodyIsASlashCommand() {
        Map<String, String> form = FormBody.parse(resource("slack/slash-command-bolt-python-enterprise.txt"));
        assertThat(form)
                .containsEntry("command", "/hello-world")
                .containsEntry("enterprise_name", "Org Name")
                .containsEntry("user_id", "W111")
                .containsEntry("response_url", "https://hooks.slack.com/commands/T111/111/xxxxx");
    }

    @Test
    void parse_shouldReadEveryField_whenBodyIsTheDocumentedSlashCommand() {
        // GIVEN the documented request, shown one field per line, joined back into one wire line
        String body = resource("slack/slash-command-docs-example.txt").replace("\n", "");
        // WHEN
        Map<String, String> form = FormBody.parse(body);
        // THEN
        assertThat(form)
                .containsEntry("command", "/weather")
                .containsEntry("text", "94070")
                .containsEntry("enterprise_name", "Globular Construct Inc")
                .containsEntry("user_name", "Steve")
                .hasSize(13);
    }

    @Test
    void parse_shouldKeepEmptyValues_whenAFieldHasNone() {
        assertThat(FormBody.parse(resource("slack/slash-command-signing-example-body.txt"))).containsEntry("text", "");
    }

    @Test
    void parse_shouldFailClearly_whenPercentEscapeIsBroken() {
        assertThatThrownBy(() -> FormBody.parse("payload=%7B%2"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("x-www-form-urlencoded");
    }
}
