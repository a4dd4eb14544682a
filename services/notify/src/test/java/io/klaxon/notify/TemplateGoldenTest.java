package io.klaxon.notify;

import static io.klaxon.slack.testing.AlertSamples.ALICE;
import static io.klaxon.slack.testing.AlertSamples.CHANNEL;
import static io.klaxon.slack.testing.AlertSamples.T0;
import static io.klaxon.slack.testing.AlertSamples.TS;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.config.ConfigParser;
import io.klaxon.config.KlaxonConfig;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.slack.render.AlertMessageRenderer;
import io.klaxon.slack.render.GoldenFiles;
import io.klaxon.slack.render.RenderTemplate;
import io.klaxon.slack.render.SlackMessage;
import io.klaxon.slack.testing.AlertSamples;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of each message template, as notify applies them: the templates come from a
 * klaxon.yaml ({@code src/test/resources/templates/klaxon.yaml}) through {@link RouteTemplates}, the
 * alerts from real normalized samples ({@code src/test/resources/signals/}) moved through the
 * lifecycle. Files: {@code src/test/resources/golden/templates/TEMPLATE-SAMPLE-STATE.json}.
 *
 * <p>Regenerate after an intended change, then review the diff like code:
 * <pre>./mvnw -B -q verify -pl services/notify -am -Dgolden.update=true -Dtest=TemplateGoldenTest
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class TemplateGoldenTest {

    private static final KlaxonConfig CONFIG = config();
    private static final RouteTemplates TEMPLATES = new RouteTemplates(CONFIG);
    private static final AlertMessageRenderer RENDERER = new AlertMessageRenderer(TEMPLATES);
    /** Slack refuses a message with more blocks. */
    private static final int SLACK_MAX_BLOCKS = 50;
    private static final List<String> SAMPLES = List.of("rds-alarm", "ec2-state-change", "guardduty-finding");

    /** The states a responder sees most, reached through the real lifecycle rules. */
    private static final List<State> STATES = List.of(
            new State("unclaimed", a -> a),
            new State("claimed", a -> AlertSamples.claimed(a, ALICE, Duration.ofSeconds(252))),
            new State("escalated", a -> AlertSamples.escalated(a, 2)),
            new State("resolved", a -> AlertSamples.resolved(
                    AlertSamples.claimed(AlertSamples.escalated(a, 1), ALICE, Duration.ofMinutes(7)), ALICE,
                    Duration.ofMinutes(62))));

    private record State(String name, UnaryOperator<Alert> reach) {
    }

    /** The route whose template is under test: default and compact built in, terse declared in the file. */
    static Stream<Arguments> messages() {
        List<Arguments> all = new ArrayList<>();
        for (String[] t : new String[][] {{"default", "default"}, {"compact", "database"}, {"terse", "security"}}) {
            List<State> states = t[0].equals("terse") ? List.of(STATES.get(0), STATES.get(3)) : STATES;
            for (String sample : SAMPLES) {
                for (State state : states) {
                    all.add(Arguments.of(t[0] + "-" + sample + "-" + state.name(), t[1], sample, state));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void render_shouldMatchGoldenFile_whenTheRoutesTemplateIsApplied(String name, String route, String sample,
                                                                     State state) {
        // GIVEN a real alert of this route, in this state
        Alert alert = state.reach().apply(open(sample, route));

        // WHEN notify's renderer renders it
        SlackMessage message = RENDERER.render(alert);

        // THEN the Block Kit JSON is exactly the reviewed one, and within Slack's limits
        GoldenFiles.assertMatches("templates/" + name, message);
        assertThat(message.blocks().size() + message.attachments().getFirst().getBlocks().size())
                .isLessThanOrEqualTo(SLACK_MAX_BLOCKS);
    }

    @Test
    void defaultTemplate_shouldRenderExactlyAsTheBuiltInLayout_whenTheRouteIsUnknownOrNamesDefault() {
        // GIVEN the same alert on the default route and on a route the file does not have
        for (String sample : SAMPLES) {
            Alert onDefault = open(sample, "default");
            Alert onGone = open(sample, "removed-route");

            // WHEN rendered through the configuration's templates
            // THEN both are what the template-less renderer renders
            assertThat(RENDERER.render(onDefault)).isEqualTo(new AlertMessageRenderer().render(onDefault));
            assertThat(RENDERER.render(onGone)).isEqualTo(new AlertMessageRenderer().render(onGone));
            assertThat(TEMPLATES.forRoute("removed-route")).isEqualTo(RenderTemplate.DEFAULT);
        }
    }

    @Test
    void customTemplate_shouldKeepTheFilesOrderAndLabels_andEscapeThem_whenMapped() {
        // GIVEN the file's terse template
        // WHEN mapped for the renderer
        RenderTemplate terse = TEMPLATES.forRoute("security");

        // THEN the facts keep the file's order and labels, and every optional part is off
        assertThat(terse.fields()).containsExactly(
                new RenderTemplate.Field(RenderTemplate.Fact.SEVERITY, "Sev <&> level"),
                new RenderTemplate.Field(RenderTemplate.Fact.OPENED, "Since"),
                new RenderTemplate.Field(RenderTemplate.Fact.ACCOUNT, "Account"));
        assertThat(List.of(terse.summary(), terse.labels(), terse.resources(), terse.links()))
                .containsOnly(false);
        String json = GoldenFiles.pretty(GoldenFiles.toJson(RENDERER.render(open("guardduty-finding", "security"))));
        assertThat(json).contains("*Sev &lt;&amp;&gt; level*").doesNotContain("Sev <&>");
    }

    private static Alert open(String sample, String route) {
        EscalationPolicy base = Fixtures.policy();
        EscalationPolicy policy = new EscalationPolicy(route, CHANNEL, base.claimTimeoutSeconds(),
                base.remindAfterSeconds(), base.levels(), base.autoResolveOnRecovery());
        return Alert.open(AlertSamples.ALERT_ID, signal(sample), policy, T0).withMessage(CHANNEL, TS);
    }

    private static AlertSignal signal(String sample) {
        try (InputStream in = TemplateGoldenTest.class.getResourceAsStream("/signals/" + sample + ".json")) {
            return ObjectMapper.getDefault().readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Argument.of(AlertSignal.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KlaxonConfig config() {
        try (InputStream in = TemplateGoldenTest.class.getResourceAsStream("/templates/klaxon.yaml")) {
            return ConfigParser.parse("klaxon.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("the test configuration is invalid: " + e.getMessage(), e);
        }
    }
}
