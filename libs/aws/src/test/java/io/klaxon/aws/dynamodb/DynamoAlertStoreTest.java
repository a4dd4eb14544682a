package io.klaxon.aws.dynamodb;

import static io.klaxon.domain.testing.Fixtures.ALARM_ARN;
import static io.klaxon.domain.testing.Fixtures.T0;
import static io.klaxon.domain.testing.Fixtures.firing;
import static io.klaxon.domain.testing.Fixtures.policy;
import static io.klaxon.domain.testing.Fixtures.recovered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.AlertState;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.alert.TimelineKind;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.lifecycle.LifecycleEventType;
import io.klaxon.domain.lifecycle.Rejection;
import io.klaxon.domain.port.AlertStore;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.testing.MutableClock;
import io.micronaut.serde.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every transition of {@link AlertService} over {@link DynamoAlertStore}, against DynamoDB Local
 * over HTTP with the real SDK client. One server per class (start-up is the expensive part), one
 * fresh table per test.
 */
class DynamoAlertStoreTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("klaxon-");
    private static ObjectMapper json;

    private final Actor alice = Actor.slack("UALICE", "alice");
    private final Actor bob = Actor.slack("UBOB", "bob");
    private final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    private String table;
    private DynamoAlertStore store;
    private AlertService service;

    @BeforeAll
    static void createMapper() {
        json = ObjectMapper.getDefault();
    }

    @BeforeEach
    void freshTable() {
        table = DYNAMODB.freshTable();
        store = new DynamoAlertStore(DYNAMODB.client(), table, json, clock);
        service = new AlertService(store, clock);
    }

    // ---- open, refire, redelivery -----------------------------------------------------------

    @Test
    void open_shouldStoreUnclaimedOccurrenceInTheDocumentedLayout_whenKeyHasNoOpenAlert() {
        // WHEN
        var result = service.open("a1", firing("s1", T0), policy());

        // THEN
        assertThat(result).isInstanceOf(AlertService.Opened.class);
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.UNCLAIMED);
            assertThat(alert.version()).isEqualTo(1);
            assertThat(alert).isEqualTo(result.alert());
        });
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name()).containsExactly("OPENED");
        Map<String, AttributeValue> meta = rawItem("ALERT#a1", "META");
        assertThat(meta.get("version").n()).isEqualTo("1");
        assertThat(meta.get("state").s()).isEqualTo("UNCLAIMED");
        assertThat(meta.get("alertKey").s()).isEqualTo(ALARM_ARN);
        assertThat(rawItem("KEY#" + ALARM_ARN, "OPEN").get("alertId").s()).isEqualTo("a1");
    }

    @Test
    void open_shouldCountARefireOnTheSameOccurrence_whenKeyIsOpen() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        clock.advance(Duration.ofMinutes(1));

        // WHEN
        var result = service.open("a2", firing("s2", T0.plusSeconds(60)), policy());

        // THEN
        assertThat(result).isInstanceOf(AlertService.Refired.class);
        assertThat(result.alert().alertId()).isEqualTo("a1");
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.refireCount()).isEqualTo(1);
            assertThat(alert.version()).isEqualTo(2);
        });
        assertThat(store.get("a2")).isEmpty();
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name()).containsExactly("OPENED", "REFIRED");
    }

    @Test
    void open_shouldReopenTheLastOccurrenceAndTakeTheKeyAgain_whenItFiresSoonAfterItsRecoveryResolvedIt() {
        // GIVEN an occurrence its recovery resolved (the key is released, the LAST pointer stays)
        service.open("a1", firing("s1", T0), policy());
        service.recover(recovered("s2", T0.plusSeconds(60)));
        assertThat(store.findOpen(ALARM_ARN)).isEmpty();
        assertThat(rawItem("KEY#" + ALARM_ARN, "LAST").get("alertId").s()).isEqualTo("a1");
        clock.advance(Duration.ofMinutes(2));

        // WHEN the alarm fires again two minutes later
        var result = service.open("a2", firing("s3", T0.plusSeconds(180)), policy());

        // THEN the same occurrence is open again and holds the key; no second alert exists
        assertThat(result).isInstanceOf(AlertService.Reopened.class);
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.UNCLAIMED);
            assertThat(alert.refireCount()).isEqualTo(1);
            assertThat(alert).isEqualTo(result.alert());
        });
        assertThat(store.get("a2")).isEmpty();
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
        assertThat(store.findLast(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name())
                .containsExactly("OPENED", "RESOLVED", "REFIRED");
        // and it is listed among its route's open alerts again (`/klaxon list`)
        assertThat(store.openAlerts(policy().route(), 20).newest()).extracting(Alert::alertId).containsExactly("a1");
    }

    @Test
    void reopen_shouldRefuse_whenAnotherOccurrenceHoldsTheKey() {
        // GIVEN a1 auto-resolved, then a2 opened for the key (say its window had passed)
        service.open("a1", firing("s1", T0), policy());
        service.recover(recovered("s2", T0.plusSeconds(60)));
        Alert resolved = store.get("a1").orElseThrow();
        assertThat(store.create(Alert.open("a2", firing("s3", T0.plusSeconds(3600)), policy(), T0),
                io.klaxon.domain.lifecycle.Lifecycle.opened(Alert.open("a2", firing("s3", T0), policy(), T0))))
                .isInstanceOf(io.klaxon.domain.port.AlertStore.Created.class);

        // WHEN a stale decision tries to reopen a1
        var reopened = resolved.withReopening(firing("s4", T0.plusSeconds(120)), T0).withVersion(resolved.version() + 1);
        boolean written = store.reopen(reopened, resolved.revision(),
                new io.klaxon.domain.alert.TimelineEntry(T0, reopened.version(),
                        io.klaxon.domain.alert.TimelineKind.REFIRED, io.klaxon.domain.alert.Actor.SYSTEM, "again"));

        // THEN nothing is written: a1 stays resolved, a2 keeps the key
        assertThat(written).isFalse();
        assertThat(store.get("a1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a2");
        assertThat(store.findLast(ALARM_ARN)).map(Alert::alertId).hasValue("a2");
    }

    @Test
    void open_shouldChangeNothing_whenSignalIsARedelivery() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());

        // WHEN
        var result = service.open("a2", firing("s1", T0), policy());

        // THEN
        assertThat(result).isInstanceOf(AlertService.Unchanged.class);
        assertThat(store.get("a1")).map(Alert::version).hasValue(1L);
        assertThat(store.timeline("a1")).hasSize(1);
    }

    @Test
    void create_shouldStoreNothing_whenTheKeysLastOccurrenceResolvedSinceItWasRead() {
        // GIVEN a1 open, read as the key's last occurrence by an open step deciding on another firing
        service.open("a1", firing("s1", T0), policy());
        Alert lastRead = store.findLast(ALARM_ARN).orElseThrow();

        // WHEN its recovery resolves it before that step creates a2
        service.recover(recovered("s2", T0.plusSeconds(60)));
        Alert fresh = Alert.open("a2", firing("s3", T0), policy(), T0);
        var result = store.create(fresh, new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "opened"), lastRead);

        // THEN nothing is stored: the step must decide again on a1 as it is now
        assertThat(result).isEqualTo(new AlertStore.LastChanged());
        assertThat(store.get("a2")).isEmpty();
        assertThat(store.findOpen(ALARM_ARN)).isEmpty();
        assertThat(store.findLast(ALARM_ARN)).map(Alert::alertId).hasValue("a1");

        // AND with a1 read as it is now, a2 is created
        assertThat(store.create(fresh, new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "opened"),
                store.findLast(ALARM_ARN).orElseThrow())).isInstanceOf(AlertStore.Created.class);
        assertThat(store.findLast(ALARM_ARN)).map(Alert::alertId).hasValue("a2");
    }

    @Test
    void create_shouldStoreNothing_whenAnotherOccurrenceWasCreatedForAKeyReadAsNew() {
        // GIVEN an open step that read no occurrence for the key, and another that created a1 meanwhile
        service.open("a1", firing("s1", T0), policy());
        service.recover(recovered("s2", T0.plusSeconds(60)));

        // WHEN the first one creates a2 on what it read (nothing)
        var result = store.create(Alert.open("a2", firing("s3", T0), policy(), T0),
                new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "opened"), null);

        // THEN nothing is stored
        assertThat(result).isEqualTo(new AlertStore.LastChanged());
        assertThat(store.get("a2")).isEmpty();
    }

    @Test
    void create_shouldReportKeyTakenWithItsOwnAlert_whenAStepIsRetried() {
        // GIVEN
        var first = service.open("a1", firing("s1", T0), policy());

        // WHEN
        var retried = store.create(first.alert(), new TimelineEntry(T0, 1, TimelineKind.OPENED, Actor.SYSTEM, "again"));

        // THEN
        assertThat(retried).isEqualTo(new AlertStore.KeyTaken(first.alert()));
        assertThat(store.timeline("a1")).hasSize(1);
    }

    @Test
    void open_shouldReleaseAPointerToAMissingOccurrence_whenTheTableWasEditedByHand() {
        // GIVEN an open-key pointer whose alert item was deleted by hand
        DYNAMODB.client().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("KEY#" + ALARM_ARN), "sk", AttributeValue.fromS("OPEN"),
                "alertId", AttributeValue.fromS("gone"))));

        // WHEN
        var result = service.open("a1", firing("s1", T0), policy());

        // THEN
        assertThat(result).isInstanceOf(AlertService.Opened.class);
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
    }

    // ---- post intent ------------------------------------------------------------------------

    @Test
    void recordPostIntent_shouldKeepTheFirstAttemptsTime_andNeverMoveTheRevision_whenAPostIsRetried() {
        // GIVEN an open alert
        Alert opened = service.open("a1", firing("s1", T0), policy()).alert();

        // WHEN its post is about to be made, then retried a minute later
        var first = store.recordPostIntent("a1", T0.plusSeconds(10));
        var retry = store.recordPostIntent("a1", T0.plusSeconds(70));

        // THEN the first attempt made the mark and the retry learns its time
        assertThat(first).isEmpty();
        assertThat(retry).contains(T0.plusSeconds(10));
        // AND the mark is bookkeeping beside the alert: same alert, same revision, and it survives a lifecycle write
        assertThat(store.get("a1")).contains(opened);
        assertThat(rawItem("ALERT#a1", "META").get("postIntentAt").s()).isEqualTo(T0.plusSeconds(10).toString());
        assertThat(service.act("a1", new Command.Claim(Actor.slack("UALICE", "alice"), 1L)).applied()).isTrue();
        assertThat(store.recordPostIntent("a1", T0.plusSeconds(130))).contains(T0.plusSeconds(10));
    }

    @Test
    void forgetPostIntent_shouldRemoveOnlyTheMarkItsAttemptMade() {
        // GIVEN an alert whose first post attempt made the mark
        service.open("a1", firing("s1", T0), policy());
        store.recordPostIntent("a1", T0.plusSeconds(10));

        // WHEN another attempt's time is forgotten THEN the mark stays; when its own is, it goes
        store.forgetPostIntent("a1", T0.plusSeconds(70));
        assertThat(store.recordPostIntent("a1", T0.plusSeconds(80))).contains(T0.plusSeconds(10));
        store.forgetPostIntent("a1", T0.plusSeconds(10));
        assertThat(store.recordPostIntent("a1", T0.plusSeconds(90))).isEmpty();
    }

    @Test
    void takeOverPostIntent_shouldLetOnlyOneAttemptReplaceAStaleMark_whenTwoReadTheSameOne() {
        // GIVEN an alert whose first post attempt made the mark, and two later attempts that both read it
        Alert opened = service.open("a1", firing("s1", T0), policy()).alert();
        store.recordPostIntent("a1", T0.plusSeconds(10));

        // WHEN both take it over
        boolean first = store.takeOverPostIntent("a1", T0.plusSeconds(10), T0.plusSeconds(60));
        boolean second = store.takeOverPostIntent("a1", T0.plusSeconds(10), T0.plusSeconds(61));

        // THEN exactly the first did: the mark is its time, and the alert and its revision are untouched
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(rawItem("ALERT#a1", "META").get("postIntentAt").s()).isEqualTo(T0.plusSeconds(60).toString());
        assertThat(store.recordPostIntent("a1", T0.plusSeconds(62))).contains(T0.plusSeconds(60));
        assertThat(store.get("a1")).contains(opened);
        // AND the winner can hand the stale mark back (it sent nothing), which only its own time allows
        assertThat(store.takeOverPostIntent("a1", T0.plusSeconds(61), T0.plusSeconds(10))).isFalse();
        assertThat(store.takeOverPostIntent("a1", T0.plusSeconds(60), T0.plusSeconds(10))).isTrue();
        assertThat(store.recordPostIntent("a1", T0.plusSeconds(63))).contains(T0.plusSeconds(10));
    }

    @Test
    void takeOverPostIntent_shouldRefuseAndCreateNothing_whenTheMarkIsGoneOrThereIsNoSuchAlert() {
        // GIVEN an alert whose mark was forgotten (its attempt sent nothing), and an alert id that has none
        service.open("a1", firing("s1", T0), policy());
        store.recordPostIntent("a1", T0.plusSeconds(10));
        store.forgetPostIntent("a1", T0.plusSeconds(10));

        // WHEN attempts try to take those marks over THEN they are refused and no item appears
        assertThat(store.takeOverPostIntent("a1", T0.plusSeconds(10), T0.plusSeconds(60))).isFalse();
        assertThat(rawItem("ALERT#a1", "META")).doesNotContainKey("postIntentAt");
        assertThat(store.takeOverPostIntent("nope", T0, T0.plusSeconds(60))).isFalse();
        assertThat(rawItem("ALERT#nope", "META")).isNullOrEmpty();
    }

    @Test
    void recordPostIntent_shouldRefuse_whenThereIsNoSuchAlert() {
        assertThatThrownBy(() -> store.recordPostIntent("nope", T0))
                .isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("nope");
        assertThat(rawItem("ALERT#nope", "META")).isNullOrEmpty();
    }

    // ---- commands ---------------------------------------------------------------------------

    @Test
    void claim_shouldMakeTheActorOwner_whenAlertIsUnclaimed() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());

        // WHEN
        var result = service.act("a1", new Command.Claim(alice, 1L));

        // THEN
        assertThat(result.applied()).isTrue();
        assertThat(result.event()).isEqualTo(LifecycleEventType.CLAIMED);
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.CLAIMED);
            assertThat(alert.owner()).isEqualTo(alice);
            assertThat(alert.version()).isEqualTo(2);
        });
        assertThat(rawItem("ALERT#a1", "META").get("state").s()).isEqualTo("CLAIMED");
    }

    @Test
    void claim_shouldHaveExactlyOneWinner_when20ClaimsRaceForTheSameVersion() throws Exception {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        int racers = 20;
        var ready = new CountDownLatch(racers);
        var go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<AlertService.CommandResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Actor actor = Actor.slack("U" + i, "user" + i);
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return service.act("a1", new Command.Claim(actor, 1L));
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();

            // WHEN
            go.countDown();
            List<AlertService.CommandResult> outcomes = new ArrayList<>();
            for (var result : results) {
                outcomes.add(result.get(30, TimeUnit.SECONDS));
            }

            // THEN
            assertThat(outcomes).filteredOn(AlertService.CommandResult::applied).hasSize(1);
            assertThat(outcomes).filteredOn(r -> !r.applied()).hasSize(racers - 1)
                    .allSatisfy(r -> assertThat(r.rejection()).isEqualTo(Rejection.ALREADY_CLAIMED));
            Actor winner = outcomes.stream().filter(AlertService.CommandResult::applied).findFirst().orElseThrow().actor();
            assertThat(store.get("a1")).hasValueSatisfying(alert -> {
                assertThat(alert.owner()).isEqualTo(winner);
                assertThat(alert.version()).isEqualTo(2);
            });
            assertThat(store.timeline("a1")).filteredOn(e -> e.kind().name().equals("CLAIMED")).hasSize(1)
                    .allSatisfy(e -> assertThat(e.actor()).isEqualTo(winner));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void open_shouldNeverOpenASecondAlert_whenTheFiringsOtherCopyRacesItsRecovery() throws Exception {
        // GIVEN, round after round on a fresh table, an alarm opened through SNS; then its EventBridge copy
        // (another id, the same state change) and its recovery arrive at the same moment
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> doubled = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                DynamoAlertStore roundStore = new DynamoAlertStore(DYNAMODB.client(), DYNAMODB.freshTable(), json, clock);
                AlertService roundService = new AlertService(roundStore, clock);
                String copyId = "eventbridge-" + round;
                roundService.open("sns-" + round, firing("sns-id", T0), policy());
                var go = new CountDownLatch(1);
                Future<?> copy = pool.submit(() -> {
                    go.await();
                    return roundService.open(copyId, firing("eventbridge-id", T0), policy());
                });
                Future<?> recovery = pool.submit(() -> {
                    go.await();
                    return roundService.recover(recovered("ok-id", T0.plusSeconds(60)));
                });

                // WHEN both run
                go.countDown();
                copy.get(30, TimeUnit.SECONDS);
                recovery.get(30, TimeUnit.SECONDS);

                // THEN the key has its one occurrence, resolved, and the copy opened nothing
                if (roundStore.get(copyId).isPresent()) {
                    doubled.add("round " + round);
                }
                assertThat(roundStore.findLast(ALARM_ARN)).map(Alert::alertId).hasValue("sns-" + round);
                assertThat(roundStore.findOpen(ALARM_ARN)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(doubled).as("rounds in which the copy opened a second alert").isEmpty();
    }

    @Test
    void replace_shouldWriteNothing_whenExpectedRevisionIsStale() {
        // GIVEN
        Alert opened = service.open("a1", firing("s1", T0), policy()).alert();
        service.act("a1", new Command.Claim(alice, 1L));

        // WHEN
        boolean written = store.replace(opened.withState(AlertState.CLAIMED, bob, clock.instant()).withVersion(2), 1,
                new TimelineEntry(clock.instant(), 2, TimelineKind.CLAIMED, bob, "Claimed by bob"));

        // THEN
        assertThat(written).isFalse();
        assertThat(store.get("a1")).map(Alert::owner).hasValue(alice);
        assertThat(store.timeline("a1")).filteredOn(e -> e.kind().name().equals("CLAIMED")).hasSize(1);
    }

    @Test
    void act_shouldBeRejected_whenTheButtonCarriesAnOlderVersion() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        service.escalate("a1");

        // WHEN
        var result = service.act("a1", new Command.Claim(alice, 1L));

        // THEN
        assertThat(result.rejection()).isEqualTo(Rejection.STALE);
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.UNCLAIMED);
            assertThat(alert.version()).isEqualTo(2);
        });
    }

    @Test
    void unclaim_shouldReturnTheAlertToUnclaimed_whenOwnerLetsGo() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));

        // WHEN
        var result = service.act("a1", new Command.Unclaim(alice, 2L));

        // THEN
        assertThat(result.event()).isEqualTo(LifecycleEventType.UNCLAIMED);
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.UNCLAIMED);
            assertThat(alert.owner()).isNull();
            assertThat(alert.version()).isEqualTo(3);
        });
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
    }

    @Test
    void openAlerts_shouldListTheRoutesOpenAlertsNewestFirst_andDropResolvedOnes_whenQueried() {
        // GIVEN three open alerts of route "default" (one then resolved) and one of route "db"
        for (int i = 1; i <= 3; i++) {
            service.open("d" + i, withKey(firing("s" + i, T0.plusSeconds(60L * i)), "key-" + i), policy());
            clock.advance(Duration.ofMinutes(1));
        }
        EscalationPolicy db = new EscalationPolicy("db", "C0DB", 300, 3600, policy().levels(), true);
        service.open("x1", withKey(firing("s9", T0), "key-db"), db);
        service.act("d2", new Command.Resolve(alice, 1L));

        // WHEN
        AlertStore.OpenAlerts all = store.openAlerts("default", 20);
        AlertStore.OpenAlerts capped = store.openAlerts("default", 1);

        // THEN only the open ones of that route, newest first; the resolved one left the index
        assertThat(all.newest()).extracting(Alert::alertId).containsExactly("d3", "d1");
        assertThat(all.total()).isEqualTo(2);
        assertThat(capped.newest()).extracting(Alert::alertId).containsExactly("d3");
        assertThat(capped.total()).isEqualTo(2);
        assertThat(store.openAlerts("db", 20).newest()).extracting(Alert::alertId).containsExactly("x1");
        assertThat(store.openAlerts("nope", 20).total()).isZero();
        assertThat(rawItem("ALERT#d2", "META")).doesNotContainKeys("openRoute", "openSince");
    }

    private static AlertSignal withKey(AlertSignal s, String key) {
        return new AlertSignal(s.schemaVersion(), key, s.signalId(), s.status(), s.severity(), s.title(), s.summary(),
                s.sourceKind(), s.account(), s.region(), s.resources(), s.occurredAt(), s.links(), s.labels());
    }

    @Test
    void resolve_shouldReleaseTheKey_soThatTheNextFiringOpensANewOccurrence() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));

        // WHEN
        var resolved = service.act("a1", new Command.Resolve(alice, 2L));
        clock.advance(Duration.ofMinutes(10));
        var reopened = service.open("a2", firing("s2", T0.plusSeconds(600)), policy());

        // THEN
        assertThat(resolved.event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(store.get("a1")).map(Alert::state).hasValue(AlertState.RESOLVED);
        assertThat(reopened).isInstanceOf(AlertService.Opened.class);
        assertThat(reopened.alert().alertId()).isEqualTo("a2");
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a2");
    }

    @Test
    void replace_shouldKeepTheNewerOccurrencesKey_whenAResolvedAlertIsWrittenAgain() {
        // GIVEN a1 resolved, a2 open for the same key
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Resolve(alice, 1L));
        service.open("a2", firing("s2", T0.plusSeconds(600)), policy());

        // WHEN a1's final message is recorded (a write of a RESOLVED alert)
        Alert annotated = service.recordMessage("a1", "C0123456789", "1700000000.000100");

        // THEN
        assertThat(annotated.messageTs()).isEqualTo("1700000000.000100");
        assertThat(store.get("a1")).map(Alert::messageTs).hasValue("1700000000.000100");
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a2");
    }

    @Test
    void deliveryFailing_shouldBeStoredWithoutAVersionBump_andSurviveALaterChange() {
        // GIVEN an open alert whose Slack delivery is refused
        service.open("a1", firing("s1", T0), policy());

        // WHEN the workflow marks it, then someone claims it
        Alert marked = service.deliveryFailing("a1", true);
        service.act("a1", new Command.Claim(alice, 1L));

        // THEN the mark is bookkeeping (version unchanged by it) and the claim kept it
        assertThat(marked.version()).isEqualTo(1);
        assertThat(marked.deliveryFailing()).isTrue();
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.deliveryFailing()).isTrue();
            assertThat(alert.version()).isEqualTo(2);
        });
        assertThat(service.deliveryFailing("a1", false).deliveryFailing()).isFalse();
        assertThat(store.get("a1")).map(Alert::deliveryFailing).hasValue(false);
    }

    @Test
    void get_shouldReadDeliveryFailingAsFalse_whenTheItemWasStoredBeforeTheField() {
        // GIVEN an alert document written before deliveryFailing existed
        service.open("a1", firing("s1", T0), policy());
        Map<String, AttributeValue> meta = new java.util.HashMap<>(rawItem("ALERT#a1", "META"));
        String document = meta.get("alert").s();
        assertThat(document).contains("\"deliveryFailing\":false");
        meta.put("alert", AttributeValue.fromS(document.replace(",\"deliveryFailing\":false", "")));
        DYNAMODB.client().putItem(b -> b.tableName(table).item(meta));

        // WHEN / THEN it reads back, not failing
        assertThat(rawItem("ALERT#a1", "META").get("alert").s()).doesNotContain("deliveryFailing");
        assertThat(store.get("a1")).map(Alert::deliveryFailing).hasValue(false);
    }

    // ---- signals and timers -----------------------------------------------------------------

    @Test
    void recover_shouldResolveAutomatically_whenAlertIsUnclaimedAndPolicyAllows() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());

        // WHEN
        var result = service.recover(recovered("s2", T0.plusSeconds(30)));

        // THEN
        assertThat(result).isNotNull();
        assertThat(result.event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(alert.resolvedBy()).isEqualTo(Actor.SYSTEM);
        });
        assertThat(store.findOpen(ALARM_ARN)).isEmpty();
    }

    @Test
    void recover_shouldAnnotateAndKeepTheOwner_whenAlertIsClaimed() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());
        service.act("a1", new Command.Claim(alice, 1L));

        // WHEN
        var result = service.recover(recovered("s2", T0.plusSeconds(30)));

        // THEN
        assertThat(result).isNotNull();
        assertThat(result.event()).isNull();
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.state()).isEqualTo(AlertState.CLAIMED);
            assertThat(alert.owner()).isEqualTo(alice);
            assertThat(alert.recoveredAt()).isEqualTo(T0.plusSeconds(30));
        });
        assertThat(store.timeline("a1")).extracting(e -> e.kind().name()).containsExactly("OPENED", "CLAIMED", "RECOVERED");
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
    }

    @Test
    void recover_shouldOnlyAnnotate_whenPolicyDoesNotAutoResolve() {
        // GIVEN
        service.open("a1", firing("s1", T0), noAutoResolve());

        // WHEN
        var result = service.recover(recovered("s2", T0.plusSeconds(30)));

        // THEN
        assertThat(result).isNotNull();
        assertThat(store.get("a1")).map(Alert::state).hasValue(AlertState.UNCLAIMED);
        assertThat(store.findOpen(ALARM_ARN)).map(Alert::alertId).hasValue("a1");
    }

    @Test
    void escalate_shouldRaiseTheLevel_whenClaimTimerRunsOut() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());

        // WHEN
        var first = service.escalate("a1");
        var second = service.escalate("a1");

        // THEN
        assertThat(first.event()).isEqualTo(LifecycleEventType.ESCALATED);
        assertThat(second.applied()).isTrue();
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.escalationLevel()).isEqualTo(2);
            assertThat(alert.version()).isEqualTo(3);
        });
    }

    @Test
    void awaitAction_shouldStoreTheToken_andTheNextCommandShouldReleaseIt() {
        // GIVEN
        service.open("a1", firing("s1", T0), policy());

        // WHEN
        var stored = service.awaitAction("a1", "token-1", AlertState.UNCLAIMED);
        Alert waiting = store.get("a1").orElseThrow();
        var claim = service.act("a1", new Command.Claim(alice, 1L));

        // THEN
        assertThat(stored).isNull();
        assertThat(waiting.taskToken()).isEqualTo("token-1");
        assertThat(waiting.awaiting()).isEqualTo(AlertState.UNCLAIMED);
        assertThat(waiting.version()).isEqualTo(1);
        assertThat(claim.resumeToken()).isEqualTo("token-1");
        assertThat(store.get("a1")).hasValueSatisfying(alert -> {
            assertThat(alert.taskToken()).isNull();
            assertThat(alert.awaiting()).isNull();
        });
    }

    @Test
    void timeline_shouldListEntriesOldestFirst_whenTimesHaveDifferentFractions() {
        // GIVEN entries whose plain ISO strings would sort wrongly ("…00Z" after "…00.5Z")
        service.open("a1", firing("s1", T0), policy());
        clock.advance(Duration.ofMillis(500));
        service.escalate("a1");
        clock.advance(Duration.ofMillis(500));
        service.act("a1", new Command.Claim(alice, null));
        clock.advance(Duration.ofMillis(1));
        service.act("a1", new Command.Unclaim(alice, null));
        clock.advance(Duration.ofSeconds(61));
        service.act("a1", new Command.Resolve(bob, null));

        // WHEN
        List<TimelineEntry> timeline = store.timeline("a1");

        // THEN
        assertThat(timeline).extracting(e -> e.kind().name())
                .containsExactly("OPENED", "ESCALATED", "CLAIMED", "UNCLAIMED", "RESOLVED");
        assertThat(timeline).extracting(TimelineEntry::version).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(timeline).extracting(TimelineEntry::at).isSorted();
    }

    // ---- recoveries remembered before their firing opened --------------------------------

    @Test
    void awaitAction_shouldResolveTheDelayedFiringsOccurrence_whenItsRecoveryWasRememberedInTheTable() {
        // GIVEN an OK from 03:02 that found nothing open, then a second, older OK (kept out: the newer stays)
        assertThat(service.recoveries().remember(recovered("ok-0302", T0.plusSeconds(120)))).isTrue();
        service.recoveries().remember(recovered("ok-0301", T0.plusSeconds(60)));
        assertThat(store.rememberedRecovery(ALARM_ARN, clock.instant()))
                .hasValueSatisfying(r -> assertThat(r.signalId()).isEqualTo("ok-0302"));
        // WHEN the delayed FIRING from 03:00 opens and its workflow waits for a claim
        service.open("a1", firing("s1", T0), policy());
        var moved = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        // THEN it is resolved by that recovery at once, the change handed to the wait
        assertThat(moved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(moved.change().event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(store.get("a1").orElseThrow().recoveredAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(store.findOpen(ALARM_ARN)).isEmpty();
    }

    @Test
    void awaitAction_shouldResolveTheReopenedOccurrence_whenTheRecoveryWasRememberedBeforeTheDelayedFiringReopenedIt() {
        // GIVEN ALARM 03:00 opened a1, OK 03:01 resolved it, the OK from 03:03 found nothing open and was
        // remembered in the table, and only then the delayed ALARM from 03:02 reopened a1 (v3)
        service.open("a1", firing("alarm-0300", T0), policy());
        service.recover(recovered("ok-0301", T0.plusSeconds(60)));
        assertThat(service.recoveries().remember(recovered("ok-0303", T0.plusSeconds(180)))).isTrue();
        assertThat(service.open("a2", firing("alarm-0302", T0.plusSeconds(120)), policy()))
                .isInstanceOf(AlertService.Reopened.class);
        // WHEN its workflow waits for a claim, and that wait is retried (its resume failed)
        var moved = service.awaitAction("a1", "tok-1", AlertState.UNCLAIMED);
        var retried = service.awaitAction("a1", "tok-2", AlertState.UNCLAIMED);
        // THEN the OK from 03:03 resolves it once, and the retry hands over the same change
        assertThat(moved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(moved.change().event()).isEqualTo(LifecycleEventType.RESOLVED);
        assertThat(retried).isEqualTo(moved);
        assertThat(store.get("a1").orElseThrow().version()).isEqualTo(4);
        assertThat(store.get("a1").orElseThrow().recoveredAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(store.findOpen(ALARM_ARN)).isEmpty();
        // AND once told, it is forgotten: the item expires now
        service.recoveries().told("a1");
        assertThat(store.rememberedRecovery(ALARM_ARN, clock.instant())).isEmpty();
    }

    @Test
    void rememberedRecovery_shouldBeAbsent_whenItExpired() {
        store.rememberRecovery(recovered("ok-0302", T0.plusSeconds(120)), clock.instant().plusSeconds(60));
        assertThat(store.rememberedRecovery(ALARM_ARN, clock.instant().plusSeconds(61))).isEmpty();
        // an expired item (TTL deletes it only eventually) is replaced even by an older recovery
        clock.advance(Duration.ofSeconds(61));
        store.rememberRecovery(recovered("ok-0301", T0.plusSeconds(60)), clock.instant().plusSeconds(60));
        assertThat(store.rememberedRecovery(ALARM_ARN, clock.instant()))
                .hasValueSatisfying(r -> assertThat(r.signalId()).isEqualTo("ok-0301"));
    }

    // ---- seen signals: the contract both stores keep is SignalMarkContractTest; here, the item's shape ------

    @Test
    void markSignal_shouldStoreTheLeaseUntilConfirmed_andKeepTheExpiry() {
        // GIVEN
        Instant expiresAt = clock.instant().plus(Duration.ofDays(1));
        Instant leaseUntil = clock.instant().plusSeconds(40);
        store.markSignal("sig-1", "delivery-1", clock.instant(), leaseUntil, expiresAt);
        Map<String, AttributeValue> unconfirmed = rawItem("SIGNAL#sig-1", "SEEN");

        // WHEN
        store.confirmSignal("sig-1", "delivery-1");

        // THEN
        assertThat(unconfirmed.get("publishingUntil").n()).isEqualTo(Long.toString(leaseUntil.toEpochMilli()));
        assertThat(unconfirmed.get("markedBy").s()).isEqualTo("delivery-1");
        Map<String, AttributeValue> confirmed = rawItem("SIGNAL#sig-1", "SEEN");
        assertThat(confirmed).doesNotContainKey("publishingUntil");
        assertThat(confirmed.get("expiresAt").n()).isEqualTo(Long.toString(expiresAt.getEpochSecond()));
    }

    @Test
    void markSignal_shouldCountAMarkWithoutALeaseAsPublished_whenItWasWrittenBeforeMarksHadTwoPhases() {
        // GIVEN a mark as the one-phase store wrote it (expiresAt and markedBy only)
        DYNAMODB.client().putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("SIGNAL#sig-1"), "sk", AttributeValue.fromS("SEEN"),
                "expiresAt", AttributeValue.fromN(Long.toString(clock.instant().plusSeconds(3600).getEpochSecond())),
                "markedBy", AttributeValue.fromS("old-call"))));

        // WHEN a redelivery marks it
        var found = store.markSignal("sig-1", "delivery-2", clock.instant(), clock.instant().plusSeconds(40),
                clock.instant().plusSeconds(3600));

        // THEN it is a duplicate, as it was
        assertThat(found).isInstanceOf(io.klaxon.domain.port.SignalMark.Published.class);
    }

    // ---- failures ---------------------------------------------------------------------------

    @Test
    void get_shouldThrowStoreUnavailableQuickly_whenTheEndpointIsUnreachable() throws Exception {
        // GIVEN a port nobody listens on and a client that does not retry
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofMillis(500)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(2)))
                .build()) {
            var broken = new DynamoAlertStore(unreachable, table, json, clock);
            long started = System.nanoTime();

            // WHEN / THEN
            assertThatThrownBy(() -> broken.get("a1"))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(table)
                    .hasMessageContaining("get a1");
            assertThatThrownBy(() -> broken.replace(Alert.open("a1", firing("s1", T0), policy(), T0), 1, null))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void get_shouldNameTheTable_whenTheTableDoesNotExist() {
        // GIVEN
        var misconfigured = new DynamoAlertStore(DYNAMODB.client(), "no-such-table", json, clock);

        // WHEN / THEN
        assertThatThrownBy(() -> misconfigured.get("a1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-table");
    }

    @Test
    void open_shouldFailNamingTheAlertAndStoreNothing_whenTheAlertIsTooLargeForAnItem() {
        // GIVEN a signal whose summary alone is over DynamoDB's 400 KB item limit
        var s = firing("s1", T0);
        var huge = new AlertSignal(s.schemaVersion(), s.alertKey(), s.signalId(), s.status(), s.severity(), s.title(),
                "x".repeat(500_000), s.sourceKind(), s.account(), s.region(), s.resources(), s.occurredAt(), s.links(),
                s.labels());

        // WHEN / THEN
        assertThatThrownBy(() -> service.open("a1", huge, policy()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(table)
                .hasMessageContaining("create a1");
        assertThat(store.findOpen(ALARM_ARN)).isEmpty();
        assertThat(store.get("a1")).isEmpty();
    }

    private Map<String, AttributeValue> rawItem(String pk, String sk) {
        return DYNAMODB.client().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    private static EscalationPolicy noAutoResolve() {
        var p = policy();
        return new EscalationPolicy(p.route(), p.channel(), p.claimTimeoutSeconds(), p.remindAfterSeconds(),
                p.levels(), false);
    }

    // ---- the alert's workflow (ADR 0010) --------------------------------------------------------

    @Test
    void adopt_shouldStoreTheWorkflowAndRepairs_andReadAlertsStoredWithoutThem() {
        // GIVEN an open alert whose opening execution is not live
        service.open("a1", firing("s1", T0), policy());
        // WHEN an announcement adopts it and the reconciler counts a repair
        var adoption = service.adopt("a1", "announce-v2-a1", name -> false);
        service.countRepair("a1", "announce-v2-a1");
        // THEN both survive the round trip through the table, without a version bump
        assertThat(adoption.adopted()).isTrue();
        var stored = store.get("a1").orElseThrow();
        assertThat(stored.workflow()).isEqualTo("announce-v2-a1");
        assertThat(stored.repairs()).isEqualTo(new Alert.Repairs(1, "announce-v2-a1"));
        assertThat(stored.version()).isEqualTo(1);
        // AND an alert stored before adoption existed reads as run by its opening execution
        var legacy = new Alert(stored.alertId(), stored.alertKey(), stored.version(), stored.state(), stored.signal(),
                stored.policy(), stored.openedAt(), stored.lastFiredAt(), stored.lastSignalAt(), stored.lastSignalId(),
                0, 0, null, null, null, null, null, null, null, null, null, null, stored.revision());
        assertThat(store.replace(legacy, stored.revision(), null)).isTrue();
        assertThat(store.get("a1").orElseThrow().workflow()).isEqualTo("a1");
        assertThat(store.get("a1").orElseThrow().repairCount()).isZero();
    }

    @Test
    void countRepair_shouldStoreFailuresRepeatingCannotFixApartFromAnOutagesRun_andReadRepairsStoredWithoutThem() {
        // GIVEN an open alert whose workflow failed on an outage, then a repair on an outage, then one
        // on a failure repeating cannot fix (ADR 0010, "Outages")
        service.open("a1", firing("s1", T0), policy());
        service.countRepair("a1", "a1", false, true);
        var during = service.countRepair("a1", "repair-1-a1", false, false);
        service.countRepair("a1", "repair-2-a1", true, false);
        // THEN the counts survive the round trip through the table
        assertThat(during.repairs()).isEqualTo(new Alert.Repairs(2, "repair-1-a1", 0, 2));
        assertThat(store.get("a1").orElseThrow().repairs()).isEqualTo(new Alert.Repairs(3, "repair-2-a1", 1, 0));
        // AND repairs stored before the counts existed read as none of either
        var item = new java.util.HashMap<>(rawItem(AlertTable.alertPk("a1"), AlertTable.META));
        String document = item.get(AlertTable.ALERT).s();
        String legacy = document.replace(",\"unfixable\":1", "").replace(",\"outages\":0", "");
        assertThat(legacy).isNotEqualTo(document).doesNotContain("unfixable").doesNotContain("outages");
        item.put(AlertTable.ALERT, AttributeValue.fromS(legacy));
        DYNAMODB.client().putItem(b -> b.tableName(table).item(item));
        assertThat(store.get("a1").orElseThrow().repairs()).isEqualTo(new Alert.Repairs(3, "repair-2-a1", 0, 0));
    }
}
