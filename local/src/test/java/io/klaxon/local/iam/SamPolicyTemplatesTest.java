package io.klaxon.local.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy template definitions the local IAM check expands are SAM's own: where the SAM
 * translator is installed (the project's Python tools), the copy must equal its definitions.
 */
class SamPolicyTemplatesTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    /** Where pyenv's Python 3.11 keeps aws-sam-translator (override with SAM_POLICY_TEMPLATES). */
    static Path translatorFile() {
        String configured = System.getenv("SAM_POLICY_TEMPLATES");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"),
                ".pyenv/versions/3.11.7/lib/python3.11/site-packages/samtranslator/policy_templates_data/policy_templates.json");
    }

    @Test
    void copy_shouldEqualTheTranslatorsDefinitions_whenTheTranslatorIsInstalled() throws Exception {
        // GIVEN the installed translator's policy templates (this check needs them; elsewhere it has nothing to compare)
        Path translator = translatorFile();
        assumeTrue(Files.exists(translator), "aws-sam-translator not installed at " + translator);
        Map<String, Object> theirs = templates(JSON.readValue(Files.readAllBytes(translator), Argument.mapOf(String.class, Object.class)));

        // WHEN the project's copy is loaded
        Map<String, Object> ours = Policies.load(JSON).templates();

        // THEN each template it holds is the translator's, unchanged
        assertThat(ours).isNotEmpty().containsKeys("DynamoDBCrudPolicy", "EventBridgePutEventsPolicy",
                "StepFunctionsCallbackPolicy", "StepFunctionsExecutionPolicy", "AWSSecretsManagerGetSecretValuePolicy",
                "LambdaInvokePolicy", "SQSSendMessagePolicy");
        ours.forEach((name, definition) -> assertThat(definition).as(name).isEqualTo(theirs.get(name)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> templates(Map<String, Object> file) {
        return (Map<String, Object>) file.get("Templates");
    }
}
