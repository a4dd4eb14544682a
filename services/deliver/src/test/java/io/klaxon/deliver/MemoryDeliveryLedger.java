package io.klaxon.deliver;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery ledger in memory, with the semantics of the DynamoDB one ({@code DynamoDeliveryLedgerTest}
 * checks those on DynamoDB Local): versions only move forward, taking the held version again answers
 * it, and an incident once opened at a destination stays opened. Also the cold-start probe's ledger.
 */
public final class MemoryDeliveryLedger implements DeliveryLedger {

    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Set<String> opened = ConcurrentHashMap.newKeySet();

    @Override
    public boolean delivered(String eventId, String destination) {
        return delivered.contains(eventId + "/" + destination);
    }

    @Override
    public void record(String eventId, String destination) {
        delivered.add(eventId + "/" + destination);
    }

    @Override
    public long latestVersion(String alertId, String destination) {
        return versions.getOrDefault(alertId + "/" + destination, -1L);
    }

    @Override
    public long takeVersion(String alertId, String destination, long version) {
        long[] before = {-1};
        versions.compute(alertId + "/" + destination, (k, held) -> {
            before[0] = held == null ? -1 : held;
            return held != null && held > version ? held : version;
        });
        return before[0];
    }

    @Override
    public boolean opened(String alertId, String destination) {
        return opened.contains(alertId + "/" + destination);
    }

    @Override
    public void recordOpened(String alertId, String destination) {
        opened.add(alertId + "/" + destination);
    }
}
