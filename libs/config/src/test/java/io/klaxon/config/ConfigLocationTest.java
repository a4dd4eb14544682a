package io.klaxon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocationTest {

    private static final String MINIMAL = """
            routes:
              - { name: default, channel: C0FILE, policy: default }
            policies:
              default: { levels: [{ mention: [here] }] }
            """;

    @TempDir
    Path root;

    @Test
    void resolve_shouldTakeTheNamedFile_whenKlaxonConfigIsSet() throws Exception {
        // GIVEN a klaxon.yaml at the root and another file named by KLAXON_CONFIG
        Files.writeString(root.resolve("klaxon.yaml"), MINIMAL);
        Files.writeString(root.resolve("other.yaml"), MINIMAL.replace("C0FILE", "C0OTHER"));
        // WHEN the location is resolved
        ConfigLocation location = ConfigLocation.resolve(Map.of("KLAXON_CONFIG", "other.yaml"), root);
        // THEN the named file wins
        assertThat(location.file()).contains(root.resolve("other.yaml"));
        assertThat(location.load(Map.of()).catchAll().channel()).isEqualTo("C0OTHER");
    }

    @Test
    void resolve_shouldTakeKlaxonYamlAtTheRoot_whenKlaxonConfigIsUnsetOrBlank() throws Exception {
        // GIVEN a klaxon.yaml at the root
        Files.writeString(root.resolve("klaxon.yaml"), MINIMAL);
        // WHEN the location is resolved without KLAXON_CONFIG, or with it blank
        // THEN klaxon.yaml is it
        assertThat(ConfigLocation.resolve(Map.of(), root).file()).contains(root.resolve("klaxon.yaml"));
        assertThat(ConfigLocation.resolve(Map.of("KLAXON_CONFIG", " "), root).file()).contains(root.resolve("klaxon.yaml"));
    }

    @Test
    void resolve_shouldFallBackToTheBuiltIn_whenThereIsNoFile() throws Exception {
        // GIVEN no klaxon.yaml and today's environment variables
        Map<String, String> env = Map.of("KLAXON_CHANNEL", "C0TODAY", "KLAXON_ESCALATE_AFTER_SECONDS", "120",
                "KLAXON_REMIND_AFTER_SECONDS", "600", "KLAXON_ESCALATION_MENTIONS", "U01ONCALL;!S02SRE,here",
                "KLAXON_AUTO_RESOLVE", "false");
        // WHEN the location is resolved and loaded
        ConfigLocation location = ConfigLocation.resolve(env, root);
        KlaxonConfig config = location.load(env);
        // THEN it is the built-in single route, with today's settings
        assertThat(location.file()).isEmpty();
        assertThat(config.source()).isEqualTo(KlaxonConfig.BUILT_IN);
        assertThat(config.routes()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("default");
            assertThat(r.channel()).isEqualTo("C0TODAY");
            assertThat(r.catchAll()).isTrue();
            assertThat(r.template()).isEqualTo(MessageTemplate.DEFAULT);
        });
        Policy policy = config.policy(config.catchAll());
        assertThat(policy.claimTimeout()).hasSeconds(120);
        assertThat(policy.remindAfter()).hasSeconds(600);
        assertThat(policy.autoResolve()).isFalse();
        assertThat(policy.levels()).containsExactly(
                new Policy.Level(java.util.List.of(new Mention.User("U01ONCALL")), false),
                new Policy.Level(java.util.List.of(new Mention.Group("S02SRE"), new Mention.Broadcast("here")), true));
    }

    @Test
    void builtIn_shouldHaveTheStackParametersDefaults_whenNoVariableIsSet() {
        // GIVEN no environment / WHEN the built-in configuration is made
        KlaxonConfig config = BuiltInConfig.fromEnvironment(Map.of());
        Policy policy = config.policy(config.catchAll());
        // THEN it has the template's parameter defaults: 300 s, 3600 s, here, auto-resolve
        assertThat(policy.claimTimeout()).hasSeconds(300);
        assertThat(policy.remindAfter()).hasSeconds(3600);
        assertThat(policy.autoResolve()).isTrue();
        assertThat(policy.levels()).containsExactly(new Policy.Level(java.util.List.of(new Mention.Broadcast("here")), false));
        assertThat(config.catchAll().channel()).isEmpty();
    }

    @Test
    void load_shouldReportTheNamedFile_whenKlaxonConfigNamesAFileThatIsMissing() {
        // GIVEN KLAXON_CONFIG naming nothing, and a klaxon.yaml that would otherwise apply
        Map<String, String> env = Map.of("KLAXON_CONFIG", "missing.yaml");
        // WHEN it is loaded
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> ConfigLocation.resolve(env, root).load(env));
        // THEN one line names the file; no silent fall-back to the built-in
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(root.resolve("missing.yaml") + ":1: no such file");
    }
}
