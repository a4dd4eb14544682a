package io.klaxon.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.port.PublishedAhead;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.testing.MutableClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DynamoPublishedAhead} against DynamoDB Local with the real SDK client. */
class DynamoPublishedAheadTest {

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("ahead-");

    private String table;
    private PublishedAhead published;

    @BeforeEach
    void freshTable() {
        table = DYNAMODB.freshTable();
        published = new DynamoPublishedAhead(DYNAMODB.client(), table, new MutableClock(T0));
    }

    @Test
    void contains_shouldNameOnlyTheRecordedChange_whenOneChangeOfAnAlertWentAhead() {
        // GIVEN the change that made version 3 of alert a-1 went ahead of Slack
        published.record("a-1", 3);

        // THEN that change is known, and neither another version of it nor the same version of another alert is
        assertThat(published.contains("a-1", 3)).isTrue();
        assertThat(published.contains("a-1", 4)).isFalse();
        assertThat(published.contains("a-2", 3)).isFalse();
    }

    @Test
    void record_shouldBeIdempotent_whenARetriedStepRecordsTheSameChangeAgain() {
        // WHEN the same change is recorded twice
        published.record("a-1", 1);
        published.record("a-1", 1);

        // THEN it is simply known
        assertThat(published.contains("a-1", 1)).isTrue();
    }

    @Test
    void contains_shouldSayTheStoreIsUnavailable_whenTheTableIsMissing() {
        // GIVEN a table that does not exist
        PublishedAhead missing = new DynamoPublishedAhead(DYNAMODB.client(), table + "-gone", new MutableClock(T0));

        // THEN reading fails with the store's error, naming the table and the alert
        assertThatThrownBy(() -> missing.contains("a-1", 1)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(table + "-gone").hasMessageContaining("a-1");
    }
}
