package io.klaxon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import io.klaxon.domain.testing.PrimingWorld;
import io.klaxon.snapstart.Priming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyPrimingTest {

    @Test
    void run_shouldPrimeWithoutWritingAnything_inTheProductionBeanGraph() {
        // GIVEN the production bean graph over an in-memory store holding one alert
        PrimingWorld world = new PrimingWorld();

        // WHEN the context's priming bean runs, as SnapStart runs it before the snapshot
        List<Integer> connectionsLeft = new ArrayList<>();
        boolean primed = world.prime(Map.of("slack.bot.token", "xoxb-priming-test", "slack.api.url", "http://127.0.0.1:9/api/",
                "aws.region", "us-east-1"),
                context -> {
                    boolean ran = context.getBean(NotifyPriming.class).run();
                    connectionsLeft.add(context.getBean(Slack.class).getHttpClient().getOkHttpClient().connectionPool()
                            .connectionCount());
                    return ran;
                });

        // THEN it completed (its post to the loopback server included: a failed post fails the run), and the Slack
        // client keeps no connection to that server, which is gone; the store holds exactly what it held
        assertThat(primed).isTrue();
        assertThat(connectionsLeft).containsExactly(0);
        assertThat(world.alerts.require("a1")).isEqualTo(world.before);
        assertThat(world.store.get(Priming.PRIMING_ALERT_ID)).isEmpty();
    }
}
