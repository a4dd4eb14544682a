package io.klaxon.ingest.security;

import static io.klaxon.ingest.security.GuardDutyImports.guardDutyEvent;
import static io.klaxon.ingest.security.GuardDutyImports.guardDutyUpdate;
import static io.klaxon.ingest.security.GuardDutyImports.guardDutyUpdatedAt;
import static io.klaxon.ingest.security.GuardDutyImports.only;
import static io.klaxon.ingest.security.GuardDutyImports.securityHubImport;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.dynamodb.DynamoAlertStore;
import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.testing.Fixtures;
import io.micronaut.serde.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A GuardDuty finding and Security Hub's import of it, as ingest normalizes them ({@link GuardDutyImports}),
 * opened through {@link AlertService} on DynamoDB Local: the step every "Alert Fired" execution starts with.
 */
class SecurityHubImportOnDynamoTest {

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("findings-");

    private AlertService alerts;
    private DynamoAlertStore store;

    @BeforeEach
    void freshTable() {
        Clock clock = Clock.fixed(Instant.parse("2019-02-21T06:08:00Z"), ZoneOffset.UTC);
        store = new DynamoAlertStore(DYNAMODB.client(), DYNAMODB.freshTable(), ObjectMapper.getDefault(), clock);
        alerts = new AlertService(store, clock);
    }

    @Test
    void open_shouldChangeNothing_whenSecurityHubImportsTheFindingStateGuardDutyOpened() {
        // GIVEN GuardDuty's event opened an alert for the finding
        alerts.open("exec-guardduty", only(guardDutyEvent()), Fixtures.policy());

        // WHEN Security Hub's import of the same finding state (same Id, UpdatedAt, status) arrives
        var result = alerts.open("exec-securityhub", only(securityHubImport("sh-event-1", guardDutyUpdatedAt())),
                Fixtures.policy());

        // THEN it is a duplicate: no refire counted, nothing written, no second alert
        assertThat(result).isInstanceOf(AlertService.Unchanged.class);
        assertThat(result.alert().alertId()).isEqualTo("exec-guardduty");
        assertThat(result.alert().refireCount()).isZero();
        assertThat(result.alert().version()).isEqualTo(1);
        assertThat(store.get("exec-securityhub")).isEmpty();
    }

    @Test
    void open_shouldRefire_whenSecurityHubImportsALaterUpdateOfTheFinding() {
        // GIVEN GuardDuty's event opened an alert for the finding, and Security Hub imported that state
        alerts.open("exec-guardduty", only(guardDutyEvent()), Fixtures.policy());
        alerts.open("exec-securityhub-1", only(securityHubImport("sh-event-1", guardDutyUpdatedAt())), Fixtures.policy());

        // WHEN Security Hub imports a later update of the finding (GuardDuty counted more activity)
        var result = alerts.open("exec-securityhub-2", only(securityHubImport("sh-event-2", "2019-02-21T07:00:14.003Z")),
                Fixtures.policy());

        // THEN that is a real change of the finding: counted once as a refire on the same alert
        assertThat(result).isInstanceOf(AlertService.Refired.class);
        assertThat(result.alert().alertId()).isEqualTo("exec-guardduty");
        assertThat(result.alert().refireCount()).isEqualTo(1);
    }

    @Test
    void open_shouldRefireOnce_whenGuardDutyUpdatesTheFindingAndSecurityHubImportsTheUpdate() {
        // GIVEN the finding opened from GuardDuty and imported by Security Hub
        alerts.open("exec-guardduty", only(guardDutyEvent()), Fixtures.policy());
        alerts.open("exec-securityhub-1", only(securityHubImport("sh-event-1", guardDutyUpdatedAt())), Fixtures.policy());

        // WHEN GuardDuty updates the finding (count 49 → 50, later updatedAt) and Security Hub imports that update
        var update = alerts.open("exec-guardduty-2",
                only(guardDutyUpdate("gd-event-2", "2019-02-21T07:00:14.003Z", 50)), Fixtures.policy());
        var imported = alerts.open("exec-securityhub-2",
                only(securityHubImport("sh-event-2", "2019-02-21T07:00:14.003Z")), Fixtures.policy());

        // THEN the update refires once; its import is the same state change
        assertThat(update).isInstanceOf(AlertService.Refired.class);
        assertThat(imported).isInstanceOf(AlertService.Unchanged.class);
        assertThat(imported.alert().refireCount()).isEqualTo(1);
    }
}
