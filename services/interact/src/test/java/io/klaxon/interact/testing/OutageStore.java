package io.klaxon.interact.testing;

import io.klaxon.domain.alert.Alert;
import io.klaxon.domain.alert.TimelineEntry;
import io.klaxon.domain.port.StoreUnavailableException;
import io.klaxon.domain.testing.InMemoryAlertStore;
import java.util.Optional;

/** The in-memory store, with a switch that makes every call fail as a throttled or unreachable table would. */
public class OutageStore extends InMemoryAlertStore {

    private volatile boolean down;

    public void goDown() {
        down = true;
    }

    @Override
    public Optional<Alert> get(String alertId) {
        failIfDown();
        return super.get(alertId);
    }

    @Override
    public Optional<Alert> findOpen(String alertKey) {
        failIfDown();
        return super.findOpen(alertKey);
    }

    @Override
    public boolean replace(Alert next, long expectedVersion, TimelineEntry entry) {
        failIfDown();
        return super.replace(next, expectedVersion, entry);
    }

    @Override
    public OpenAlerts openAlerts(String route, int limit) {
        failIfDown();
        return super.openAlerts(route, limit);
    }

    private void failIfDown() {
        if (down) {
            throw new StoreUnavailableException("table unavailable (test)", null);
        }
    }
}
