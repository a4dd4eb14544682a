package io.klaxon.interact.slack;

import static io.klaxon.interact.testing.InteractWorld.CHANNEL;
import static io.klaxon.interact.testing.InteractWorld.NOW;
import static io.klaxon.interact.testing.InteractWorld.slashBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.alert.Actor;
import io.klaxon.domain.alert.EscalationPolicy;
import io.klaxon.domain.lifecycle.Command;
import io.klaxon.domain.service.AlertService;
import io.klaxon.domain.signal.AlertSignal;
import io.klaxon.domain.testing.Fixtures;
import io.klaxon.interact.ChannelRoutes;
import io.klaxon.interact.InteractService;
import io.klaxon.interact.testing.InteractWorld;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /klaxon list}: the open alerts of the routes posting to the channel it is typed in. */
class ListCommandTest {

    private static final String DB_CHANNEL = "C0DB";

    private final InteractWorld world = new InteractWorld();
    private final ChannelRoutes routes = new ChannelRoutes("klaxon.yaml",
            Map.of(CHANNEL, List.of("default"), DB_CHANNEL, List.of("database", "replicas")));
    private final SlackEndpoint endpoint = new SlackEndpoint(new RequestVerifier(InteractWorld.SECRET, world.clock),
            world.interactService(), world.json(), world.schedules, routes);

    @Test
    void list_shouldShowOpenAlertsNewestFirstWithStateOwnerAndAge_whenTypedInARoutesChannel() {
        // GIVEN three alerts of route default, opened 30, 20 and 10 minutes before now; the newest
        // claimed, the oldest resolved; and one alert of another route
        open("a1", "default", 30);
        open("a2", "default", 20);
        open("a3", "default", 10);
        open("x1", "database", 5);
        world.alerts.act("a3", new Command.Claim(Actor.slack("UALICE", "alice"), null));
        world.alerts.act("a1", new Command.Resolve(Actor.slack("UBOB", "bob"), null));

        // WHEN
        String text = list(CHANNEL);

        // THEN the open ones of that route only, newest first
        assertThat(text).isEqualTo("*Open alerts on route `default`* (2, newest first)\n"
                + "• `a3` *api-5xx is ALARM* · claimed · <@UALICE> · 10m\n"
                + "• `a2` *api-5xx is ALARM* · unclaimed · nobody · 20m");
    }

    @Test
    void list_shouldMergeTheChannelsRoutes_andCapTheList_whenThereAreMoreThanTheLimit() {
        // GIVEN 25 open alerts over the two routes of the database channel
        for (int i = 1; i <= 25; i++) {
            open("d" + i, i % 2 == 0 ? "database" : "replicas", 100 - i);
        }

        // WHEN
        String text = list(DB_CHANNEL);

        // THEN the newest 20 of both routes, and how many more there are
        List<String> lines = text.lines().toList();
        assertThat(lines.getFirst()).isEqualTo("*Open alerts on routes `database`, `replicas`* (25, newest first)");
        assertThat(lines).hasSize(1 + InteractService.LIST_LIMIT + 1);
        assertThat(lines.get(1)).startsWith("• `d25` ");
        assertThat(lines.get(20)).startsWith("• `d6` ");
        assertThat(lines.getLast()).isEqualTo("… and 5 more");
    }

    @Test
    void list_shouldSaySo_whenNoRoutePostsToTheChannelOrNothingIsOpen() {
        assertThat(list("C0ELSEWHERE"))
                .isEqualTo("No route posts to this channel (`C0ELSEWHERE`) in klaxon.yaml, so it has no alerts to list.");
        assertThat(list(CHANNEL)).isEqualTo("No open alerts on route `default`.");
    }

    @Test
    void list_shouldEscapeTitles_andSayTryAgain_whenTheStoreIsDown() {
        // GIVEN an alert whose title carries mrkdwn control characters
        AlertSignal s = Fixtures.firing("sig-evil", Fixtures.T0);
        AlertSignal evil = new AlertSignal(s.schemaVersion(), "key-evil", s.signalId(), s.status(), s.severity(),
                "<!channel> & <@U0EVE>", s.summary(), s.sourceKind(), s.account(), s.region(), s.resources(),
                s.occurredAt(), s.links(), s.labels());
        world.alerts.open("e1", evil, Fixtures.policy());

        // WHEN / THEN escaped
        assertThat(list(CHANNEL)).contains("*&lt;!channel&gt; &amp; &lt;@U0EVE&gt;*");

        // WHEN the store is down / THEN nothing is guessed
        world.store.goDown();
        assertThat(list(CHANNEL)).isEqualTo("Klaxon could not read its alerts just now — try again.");
    }

    @Test
    void parse_shouldAskForNothingMore_whenListHasArguments() {
        assertThat(SlashCommand.parse("list")).isEqualTo(new SlashCommand.ListOpen());
        assertThat(SlashCommand.parse("list all")).isInstanceOf(SlashCommand.Help.class);
    }

    private void open(String alertId, String route, long minutesAgo) {
        EscalationPolicy base = Fixtures.policy();
        EscalationPolicy policy = new EscalationPolicy(route, CHANNEL, base.claimTimeoutSeconds(),
                base.remindAfterSeconds(), base.levels(), base.autoResolveOnRecovery());
        Clock then = Clock.fixed(NOW.minus(Duration.ofMinutes(minutesAgo)), ZoneOffset.UTC);
        AlertSignal s = Fixtures.firing("sig-" + alertId, then.instant());
        AlertSignal own = new AlertSignal(s.schemaVersion(), "key-" + alertId, s.signalId(), s.status(), s.severity(),
                s.title(), s.summary(), s.sourceKind(), s.account(), s.region(), s.resources(), s.occurredAt(),
                s.links(), s.labels());
        new AlertService(world.store, then).open(alertId, own, policy);
    }

    /** The command typed in {@code channel}, answered ephemerally. */
    private String list(String channel) {
        String body = slashBody("UALICE", "alice", "list").replace("channel_id=" + CHANNEL, "channel_id=" + channel);
        HttpReply reply = endpoint.handle(SlackEndpoint.COMMANDS, world.signedHeaders(body), body);
        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> json = world.read(reply.body());
        assertThat(json.get("response_type")).isEqualTo("ephemeral");
        return (String) json.get("text");
    }
}
