package io.klaxon.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.aws.testing.DynamoDbLocalTables;
import io.klaxon.domain.port.RenderLedger.RenderClaim;
import io.klaxon.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The render ledger's record of what a message shows (ADR 0013, "Unchanged content") against DynamoDB Local with
 * the real SDK client: a render may be skipped only when Slack is known to show its content and no render is under
 * way, whatever order renders begin, land and end in.
 */
class DynamoRenderContentTest {

    /** Near the real time: DynamoDB Local's TTL deletes items whose expiresAt has passed. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String CHANNEL = "C0SHOWN";
    private static final String TS = "1700000000.000001";
    private static final String X = "digest-of-content-x";
    private static final String Y = "digest-of-content-y";

    @RegisterExtension
    static final DynamoDbLocalTables DYNAMODB = new DynamoDbLocalTables("shown-");

    private final MutableClock clock = new MutableClock(T0);
    private DynamoRenderLedger ledger;

    @BeforeEach
    void freshTable() {
        ledger = new DynamoRenderLedger(DYNAMODB.client(), DYNAMODB.freshTable(), clock);
    }

    /** A render of {@code revision} begun, sent, and answered ok with content {@code digest}. */
    private void rendered(long revision, String digest) {
        ledger.landed(CHANNEL, TS, begin(revision, digest));
    }

    private RenderClaim begin(long revision, String digest) {
        return ledger.begin(CHANNEL, TS, revision, digest).orElseThrow();
    }

    @Test
    void confirmUnchanged_shouldSucceedAndRaiseBothRevisions_whenTheContentLandedAloneAndNothingIsUnderWay() {
        // GIVEN revision 5 rendered content X, alone
        rendered(5, X);

        // WHEN a render of revision 7 with content X asks, and then a render of revision 6 begins
        boolean unchanged = ledger.confirmUnchanged(CHANNEL, TS, 7, X);

        // THEN it may skip; the message counts as claimed and shown at 7, so the older render's claim fails
        assertThat(unchanged).isTrue();
        assertThat(ledger.claimed(CHANNEL, TS)).isEqualTo(7);
        assertThat(ledger.shown(CHANNEL, TS)).isEqualTo(7);
        assertThat(ledger.begin(CHANNEL, TS, 6, X)).isEmpty();
    }

    @Test
    void confirmUnchanged_shouldFail_whenTheContentDiffers_orANewerRevisionWasShown_orNothingWasRecorded() {
        // GIVEN nothing recorded THEN no content is confirmed
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 1, X)).isFalse();

        // GIVEN revision 5 rendered content X
        rendered(5, X);

        // THEN another content is not confirmed, nor the same content for an older revision
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 7, Y)).isFalse();
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 4, X)).isFalse();
    }

    @Test
    void confirmUnchanged_shouldFail_whenAnOlderRenderOfOtherContentIsUnderWay() {
        // GIVEN revision 5 shows X, and B (revision 6, content Y) has begun and is on its way to Slack
        rendered(5, X);
        RenderClaim b = begin(6, Y);

        // WHEN A (revision 7, content X again) asks whether Slack shows X
        boolean unchanged = ledger.confirmUnchanged(CHANNEL, TS, 7, X);

        // THEN it must send: B's Y may land at any moment
        assertThat(unchanged).isFalse();

        // AND when A then renders and B's Y lands after A's X, neither content is taken for what the message shows
        RenderClaim a = begin(7, X);
        ledger.landed(CHANNEL, TS, a);
        ledger.landed(CHANNEL, TS, b);
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 8, X)).isFalse();
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 8, Y)).isFalse();
    }

    @Test
    void landed_shouldNotRecord_whenAnOlderRenderThatBeganBeforeItEndsAfterIt_inEitherOrderOfTheirAnswers() {
        // GIVEN B (revision 6, Y) began, then A (revision 7, X) began; Slack took A, then B; B's answer came first
        RenderClaim b = begin(6, Y);
        RenderClaim a = begin(7, X);
        ledger.landed(CHANNEL, TS, b);

        // WHEN A's answer comes last
        ledger.landed(CHANNEL, TS, a);

        // THEN X is not taken for what the message shows (it shows Y): a render of X is sent
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 7, X)).isFalse();
        // AND the next render that lands alone is recorded again
        rendered(8, X);
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 8, X)).isTrue();
    }

    @Test
    void failed_shouldForgetTheContent_whenTheRenderMayHaveLanded_andKeepIt_whenSlackCertainlyChangedNothing() {
        // GIVEN revision 5 shows X, and a render of Y is refused (a 429): Slack changed nothing
        rendered(5, X);
        ledger.failed(CHANNEL, TS, begin(6, Y), false);

        // THEN X is still known to be shown
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 6, X)).isTrue();

        // WHEN a render of Y fails with its fate unknown (a 5xx, a lost answer)
        ledger.failed(CHANNEL, TS, begin(7, Y), true);

        // THEN what the message shows is unknown: neither is confirmed
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 7, X)).isFalse();
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 7, Y)).isFalse();
    }

    @Test
    void forget_shouldStopConfirmingAndStopARenderUnderWayFromRecording_whenARenderWentOutUnclaimed() {
        // GIVEN revision 5 shows X, and a render of revision 6 is under way
        rendered(5, X);
        RenderClaim underWay = begin(6, Y);

        // WHEN a render went out without a claim (the ledger failed it) and is forgotten, then the other lands
        ledger.forget(CHANNEL, TS);
        ledger.landed(CHANNEL, TS, underWay);

        // THEN no content is confirmed: the unclaimed one may have landed last
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 6, Y)).isFalse();
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 6, X)).isFalse();
    }

    @Test
    void begin_shouldCountRendersUnderWayAfresh_whenTheLatestBeganLongerAgoThanAnyRenderLasts() {
        // GIVEN a render of content Y that began and died (its function timed out): it never ends
        begin(5, Y);

        // WHEN, within the lease, a render of X lands THEN X is not recorded (the Y may still land)
        clock.advance(Duration.ofSeconds(30));
        rendered(6, X);
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 6, X)).isFalse();

        // WHEN a render begins a lease after the latest begin, and lands
        clock.advance(DynamoRenderLedger.LEASE.plusSeconds(1));
        rendered(7, X);

        // THEN its content is known again
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 7, X)).isTrue();
    }

    @Test
    void landed_shouldRecord_whenRendersOfTheSameContentWereUnderWayAtOnce() {
        // GIVEN two renders of content X under way at once (two steps that got their slots together)
        RenderClaim first = begin(2, X);
        RenderClaim second = begin(2, X);

        // WHEN both land, in either order
        ledger.landed(CHANNEL, TS, second);
        ledger.landed(CHANNEL, TS, first);

        // THEN the message is known to show X
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 4, X)).isTrue();
    }

    @Test
    void confirmUnchanged_shouldSucceed_whenEveryRenderUnderWayCarriesTheContentShown_andFailWhenOneDoesNot() {
        // GIVEN X shown at revision 2, and a render of X at revision 3 under way
        rendered(2, X);
        RenderClaim underWay = begin(3, X);

        // WHEN a render of X at revision 4 asks THEN it may skip: whichever lands, the message shows X
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 4, X)).isTrue();

        // AND when the one under way fails with its fate unknown, X is still known (it showed X before and sent X)
        ledger.failed(CHANNEL, TS, underWay, true);
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 4, X)).isTrue();

        // WHEN a render of Y and one of X are under way at once THEN a render of X must send
        begin(5, Y);
        begin(6, X);
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 7, X)).isFalse();
    }

    @Test
    void sameUnderWay_shouldTellOfARenderOfThisContentOnItsWay_untilItEnds_orIsOlderThanTheWait_orOthersAreToo() {
        // GIVEN Y shown at revision 5, and a render of X under way
        Duration wait = Duration.ofSeconds(10);
        rendered(5, Y);
        RenderClaim x = begin(6, X);

        // THEN a render of X is told of it; one of Y is not
        assertThat(ledger.sameUnderWay(CHANNEL, TS, X, wait)).isTrue();
        assertThat(ledger.sameUnderWay(CHANNEL, TS, Y, wait)).isFalse();

        // WHEN it has been under way longer than the wait THEN it is not waited for (it may have died)
        clock.advance(wait.plusSeconds(1));
        assertThat(ledger.sameUnderWay(CHANNEL, TS, X, wait)).isFalse();

        // WHEN it lands THEN nothing is under way, and X is confirmed instead
        ledger.landed(CHANNEL, TS, x);
        assertThat(ledger.sameUnderWay(CHANNEL, TS, X, wait)).isFalse();
        assertThat(ledger.confirmUnchanged(CHANNEL, TS, 7, X)).isTrue();

        // WHEN renders of Y and of X are under way at once THEN a render of X is not told to wait for them
        begin(8, Y);
        begin(9, X);
        assertThat(ledger.sameUnderWay(CHANNEL, TS, X, wait)).isFalse();
    }
}
