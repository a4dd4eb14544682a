package io.klaxon.ingest.security;

import static io.klaxon.ingest.security.GuardDutyImports.guardDutyEvent;
import static io.klaxon.ingest.security.GuardDutyImports.guardDutyUpdatedAt;
import static io.klaxon.ingest.security.GuardDutyImports.only;
import static io.klaxon.ingest.security.GuardDutyImports.securityHubImport;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.domain.testing.InMemoryAlertStore;
import java.time.Clock;
import java.time.ZoneOffset;
import io.klaxon.domain.signal.SignalStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A GuardDuty finding that Security Hub also imports (both rules on with {@code IngestSecurityFindings=true}):
 * inputs from {@link GuardDutyImports}, built from the samples as it describes.
 */
class SecurityHubImportOfGuardDutyTest {

    @Test
    void securityHubImport_shouldBeTheSameStateChangeAsGuardDutys_whenItCarriesTheSameFindingAndUpdatedAt() {
        // GIVEN the finding from GuardDuty, and Security Hub's import of it (same Id, same UpdatedAt)
        AlertSignal fromGuardDuty = only(guardDutyEvent());

        // WHEN the import is normalized
        AlertSignal fromSecurityHub = only(securityHubImport("sh-event-1", guardDutyUpdatedAt()));

        // THEN it is the same alert, status and source time (what the lifecycle takes as one state change),
        // under its own signal id
        assertThat(fromSecurityHub.alertKey()).isEqualTo(fromGuardDuty.alertKey())
                .isEqualTo("arn:aws:guardduty:ap-southeast-2:123456778:detector/f0b004e2d3c8a11f786fa8faec50b19a/"
                        + "finding/18b48550bee9b37e3953983474f0f59d");
        assertThat(fromSecurityHub.status()).isEqualTo(fromGuardDuty.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(fromSecurityHub.occurredAt()).isEqualTo(fromGuardDuty.occurredAt())
                .isEqualTo(Instant.parse("2019-02-21T06:00:14.003Z"));
        assertThat(fromSecurityHub.signalId()).isNotEqualTo(fromGuardDuty.signalId());
    }

    @Test
    void securityHubImport_shouldBeALaterStateChange_whenTheFindingWasUpdatedSince() {
        // GIVEN the finding from GuardDuty
        AlertSignal fromGuardDuty = only(guardDutyEvent());

        // WHEN Security Hub imports a later update of it
        AlertSignal update = only(securityHubImport("sh-event-2", "2019-02-21T07:00:14.003Z"));

        // THEN same alert, later source time
        assertThat(update.alertKey()).isEqualTo(fromGuardDuty.alertKey());
        assertThat(update.occurredAt()).isAfter(fromGuardDuty.occurredAt());
    }

    @Test
    void open_shouldChangeNothing_whenSecurityHubImportsAFindingGuardDutyAlreadyOpened() {
        // GIVEN the finding from GuardDuty opened an alert
        var alerts = new AlertService(new InMemoryAlertStore(), Clock.fixed(Instant.parse("2019-02-21T06:08:00Z"), ZoneOffset.UTC));
        alerts.open("exec-guardduty", only(guardDutyEvent()), Fixtures.policy());

        // WHEN Security Hub's import of the same finding state arrives
        var result = alerts.open("exec-securityhub", only(securityHubImport("sh-event-1", guardDutyUpdatedAt())),
                Fixtures.policy());

        // THEN it is a duplicate
        assertThat(result).isInstanceOf(AlertService.Unchanged.class);
        assertThat(result.alert().refireCount()).isZero();
    }
}
