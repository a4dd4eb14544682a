package io.klaxon.domain.lifecycle;

import static io.klaxon.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.signal.BusContract;
import io.klaxon.domain.signal.BusEvent;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.workflow.AlertRef;
import io.klaxon.domain.workflow.StepOutcome;
import io.klaxon.domain.workflow.TaskResult;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the code and {@code schemas/lifecycle-event.v1.json} in step, and the schema compatible with
 * v1 events already out there. The events are every one the rules can produce: a walk from each
 * opened alert through every command and system input, a few steps deep.
 */
class LifecycleEventSchemaTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final JsonSchema SCHEMA = load();
    private static final int DEPTH = 5;

    private static final Actor ALICE = Actor.slack("U0ALICE01", "alice");
    private static final Actor NAMELESS = Actor.slack("U0NONAME1", null);
    private static final Actor API = new Actor(Actor.Kind.API, "api-key-1", null);

    /** One event the code can produce, and the path that produced it. */
    record Produced(String path, LifecycleEventType type, LifecycleEvent event) {
        @Override
        public String toString() {
            return path + " -> " + type.detailType();
        }
    }

    /** What a step of the walk does to an alert: the change and who caused it, or null when it does not apply. */
    private record Step(String name, Actor actor, Decision decision) {
    }

    static List<Produced> everyEvent() {
        Map<String, Produced> produced = new LinkedHashMap<>();
        for (boolean autoResolve : new boolean[] {true, false}) {
            for (boolean posted : new boolean[] {true, false}) {
                EscalationPolicy policy = policy(autoResolve);
                Alert open = Alert.open("alert-0001", Fixtures.firing("sig-1", T0), policy, T0);
                if (posted) {
                    open = open.withMessage(policy.channel(), "1700000000.000001");
                }
                String path = (posted ? "posted" : "not posted") + (autoResolve ? ", auto-resolve" : ", annotate");
                produced.put(path, new Produced(path, LifecycleEventType.OPENED, LifecycleEvent.of(open, Actor.SYSTEM, T0)));
                walk(open, path, 1, produced, new HashSet<>());
            }
        }
        // Slack refusing changes no rule, only the flag the event carries.
        Alert failing = Alert.open("alert-0002", Fixtures.firing("sig-2", T0), policy(true), T0)
                .withDeliveryFailing(true);
        produced.put("delivery failing", new Produced("delivery failing", LifecycleEventType.OPENED,
                LifecycleEvent.of(failing, Actor.SYSTEM, T0)));
        return List.copyOf(produced.values());
    }

    /** Applies every input to the alert; follows each new shape of alert, {@link #DEPTH} steps at most. */
    private static void walk(Alert alert, String path, int depth, Map<String, Produced> out, Set<String> seen) {
        if (depth > DEPTH) {
            return;
        }
        Instant now = T0.plus(Duration.ofMinutes(7L * depth)).plusMillis(250);
        for (Step step : steps(alert, now, depth)) {
            if (!(step.decision() instanceof Decision.Applied applied)) {
                continue;
            }
            Alert next = applied.next();
            String here = path + " > " + step.name();
            if (applied.event() != null) {
                String kind = applied.event() + "|" + shape(next) + "|" + step.actor().kind() + step.actor().name();
                if (!out.containsKey(kind)) {
                    out.put(kind, new Produced(here, applied.event(), LifecycleEvent.of(next, step.actor(), now)));
                }
            }
            if (seen.add(shape(next))) {
                walk(next, here, depth + 1, out, seen);
            }
        }
    }

    private static List<Step> steps(Alert alert, Instant now, int depth) {
        long v = alert.version();
        Instant later = now.plusSeconds(1);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("claim(alice)", ALICE, Lifecycle.decide(alert, new Command.Claim(ALICE, v), now)));
        steps.add(new Step("claim(api)", API, Lifecycle.decide(alert, new Command.Claim(API, null), now)));
        steps.add(new Step("resolve(nameless)", NAMELESS, Lifecycle.decide(alert, new Command.Resolve(NAMELESS, v), now)));
        steps.add(new Step("unclaim(alice)", ALICE, Lifecycle.decide(alert, new Command.Unclaim(ALICE, v), now)));
        steps.add(new Step("snooze(alice)", ALICE,
                Lifecycle.decide(alert, new Command.Snooze(ALICE, v, Duration.ofHours(1)), now)));
        steps.add(new Step("refire", Actor.SYSTEM, Lifecycle.refire(alert, Fixtures.firing("sig-f" + depth, later), now)));
        steps.add(new Step("recover", Actor.SYSTEM,
                Lifecycle.recover(alert, Fixtures.recovered("sig-r" + depth, later), now)));
        steps.add(new Step("escalate", Actor.SYSTEM, Lifecycle.escalate(alert, now)));
        steps.add(new Step("wake", Actor.SYSTEM, Lifecycle.wake(alert, now)));
        return steps;
    }

    /** What can change what an event says; versions and times aside. */
    private static String shape(Alert a) {
        return a.state() + "|owner=" + (a.owner() != null) + "|level=" + a.escalationLevel() + "|refired="
                + (a.refireCount() > 0) + "|recovered=" + (a.recoveredAt() != null) + "|posted=" + a.hasMessage()
                + "|resolvedBy=" + (a.resolvedBy() == null ? null : a.resolvedBy().kind())
                + "|autoResolve=" + a.policy().autoResolveOnRecovery();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEvent")
    void everyLifecycleEvent_shouldValidateAgainstTheSchema_whenSerializedAsPublished(Produced produced)
            throws IOException {
        // GIVEN an event the rules produced
        ObjectMapper serde = ObjectMapper.getDefault();

        // WHEN it is serialised as it reaches the bus: the workflow's step result carries it in the
        // one bus envelope (the ASL publishes its detail-type and detail)
        JsonNode step = JACKSON.readTree(serde.writeValueAsString(new TaskResult(StepOutcome.DONE,
                new AlertRef(produced.event().alertId(), produced.event().version(), produced.event().state(), 1, 1, 0),
                produced.event().onBus(produced.type()), null)));
        JsonNode busEvent = step.get("event");
        JsonNode detail = JACKSON.readTree(serde.writeValueAsString(produced.event()));

        // THEN the envelope is the contract's and the detail validates
        assertThat(busEvent.get("source").asText()).isEqualTo(BusContract.SOURCE);
        assertThat(busEvent.get("detail-type").asText()).isEqualTo(produced.type().detailType());
        assertThat(busEvent.get("detail")).isEqualTo(detail);
        assertThat(SCHEMA.validate(detail)).as("%s: %s", produced, detail).isEmpty();
    }

    @Test
    void everyEvent_shouldCoverEveryTypeStateActorAndOptionalValue_whenTheRulesAreWalked() {
        // GIVEN every event the walk produced
        List<LifecycleEvent> events = everyEvent().stream().map(Produced::event).toList();

        // WHEN / THEN it reaches every value the schema enumerates, and null and non-null where allowed
        assertThat(everyEvent().stream().map(Produced::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(LifecycleEventType.values());
        assertThat(events.stream().map(LifecycleEvent::state).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(AlertState.values());
        assertThat(events.stream().map(e -> e.actor().kind()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Actor.Kind.values());
        assertThat(events).anyMatch(LifecycleEvent::page).anyMatch(e -> e.escalationLevel() > 2)
                .anyMatch(e -> e.ts() == null).anyMatch(e -> e.ts() != null)
                .anyMatch(e -> e.secondsToClaim() == null).anyMatch(e -> e.secondsToClaim() != null)
                .anyMatch(e -> e.secondsToResolve() == null).anyMatch(e -> e.secondsToResolve() != null)
                .anyMatch(e -> e.actor().name() == null).anyMatch(e -> e.refireCount() > 0)
                .anyMatch(LifecycleEvent::deliveryFailing).anyMatch(e -> !e.deliveryFailing());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lifecycle-event.v1.example.json", "lifecycle-event.v1.example-unknowns.json",
            "lifecycle-event.v1.example-delivery-failing.json"})
    void storedV1Event_shouldKeepValidating_whenSchemaEvolves(String file) throws IOException {
        // GIVEN a v1 event stored when the contract was published
        JsonNode event = JACKSON.readTree(read("/schema/" + file));

        // WHEN / THEN
        assertThat(event.get("source").asText()).isEqualTo(BusContract.SOURCE);
        assertThat(Arrays.stream(LifecycleEventType.values()).map(LifecycleEventType::detailType))
                .contains(event.get("detail-type").asText());
        assertThat(SCHEMA.validate(event.get("detail"))).isEmpty();
    }

    @Test
    void storedV1Event_shouldReadBackIntoTheRecord_whenDeserialized() throws IOException {
        // GIVEN the stored example
        String detail = JACKSON.readTree(read("/schema/lifecycle-event.v1.example.json")).get("detail").toString();

        // WHEN it is read with the serde the services use
        LifecycleEvent event = ObjectMapper.getDefault().readValue(detail, LifecycleEvent.class);

        // THEN nothing is lost: written again, it is the same JSON, plus the fields added within v1
        // since it was stored, at the value their absence means
        ObjectNode expected = (ObjectNode) JACKSON.readTree(detail);
        expected.put("deliveryFailing", false);
        expected.putArray("links");
        expected.put("flapping", false);
        expected.put("reopens", 0);
        assertThat(event.deliveryFailing()).isFalse();
        assertThat(event.links()).isEmpty();
        assertThat(JACKSON.readTree(ObjectMapper.getDefault().writeValueAsString(event))).isEqualTo(expected);
    }

    @Test
    void storedDeliveryFailingEvent_shouldReadBackIntoTheRecord_whenDeserialized() throws IOException {
        // GIVEN the stored example of an event told while Slack was refusing
        String detail = JACKSON.readTree(read("/schema/lifecycle-event.v1.example-delivery-failing.json"))
                .get("detail").toString();

        // WHEN it is read with the serde the services use
        LifecycleEvent event = ObjectMapper.getDefault().readValue(detail, LifecycleEvent.class);

        // THEN the flag survives, and written again it is the same JSON (plus links, flapping and
        // reopens, added since, at the value their absence means)
        assertThat(event.deliveryFailing()).isTrue();
        ObjectNode expected = (ObjectNode) JACKSON.readTree(detail);
        expected.putArray("links");
        expected.put("flapping", false);
        expected.put("reopens", 0);
        assertThat(JACKSON.readTree(ObjectMapper.getDefault().writeValueAsString(event))).isEqualTo(expected);
    }

    @Test
    void schema_shouldRejectContractViolations_whenAFieldIsWrong() throws IOException {
        // GIVEN the stored example, broken one field at a time
        JsonNode valid = JACKSON.readTree(read("/schema/lifecycle-event.v1.example.json")).get("detail");

        // WHEN / THEN each violation is caught: the schema asserts, it does not merely describe
        assertThat(violations(valid, "state", "ESCALATED")).isNotEmpty();
        assertThat(violations(valid, "severity", "HIGH")).isNotEmpty();
        assertThat(violations(valid, "at", "2026-11-21 03:00")).isNotEmpty();
        assertThat(violations(valid, "schemaVersion", "2")).isNotEmpty();
        assertThat(violations(valid, "ts", "yesterday")).isNotEmpty();
        assertThat(violations(valid, "title", "two\nlines")).isNotEmpty();
        ObjectNode badKind = valid.deepCopy();
        ((ObjectNode) badKind.get("actor")).put("kind", "SLACK");
        assertThat(SCHEMA.validate(badKind)).isNotEmpty();
        ObjectNode negative = valid.deepCopy();
        negative.put("escalationLevel", -1);
        assertThat(SCHEMA.validate(negative)).isNotEmpty();
        assertThat(violations(valid, "deliveryFailing", "yes")).isNotEmpty();
        ObjectNode extra = valid.deepCopy();
        extra.put("unexpected", "x");
        assertThat(SCHEMA.validate(extra)).isNotEmpty();
        ObjectNode missing = valid.deepCopy();
        missing.remove("alertId");
        assertThat(SCHEMA.validate(missing)).isNotEmpty();
    }

    private static Set<ValidationMessage> violations(JsonNode valid, String field, String value) {
        ObjectNode copy = valid.deepCopy();
        copy.put(field, value);
        return SCHEMA.validate(copy);
    }

    private static EscalationPolicy policy(boolean autoResolveOnRecovery) {
        EscalationPolicy p = Fixtures.policy();
        return new EscalationPolicy(p.route(), p.channel(), p.claimTimeoutSeconds(), p.remindAfterSeconds(),
                p.levels(), autoResolveOnRecovery);
    }

    private static String read(String resource) {
        try (InputStream in = LifecycleEventSchemaTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = LifecycleEventSchemaTest.class.getResourceAsStream("/schemas/lifecycle-event.v1.json")) {
            if (in == null) {
                throw new AssertionError("schemas/lifecycle-event.v1.json is not on the test classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
