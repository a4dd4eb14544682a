package io.klaxon.ingest.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.klaxon.domain.signal.SignalLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Labels} against the {@code LinkedHashMap} it replaced, and kept by {@code AlertSignal} as it is. */
class LabelsTest {

    @Test
    void toMap_shouldEqualTheLinkedHashMapInContentAndOrder_whenNamesRepeatBelowAndAboveTheIndex() {
        for (int count : new int[] {0, 1, 5, 16, 17, 40}) {
            // GIVEN names added first-wins (some repeated), then one set over, as SignalBuilder does
            Labels labels = new Labels();
            Map<String, String> reference = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add("name." + i);
                names.add("name." + (i / 2)); // a repeat: the first value stays
            }
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!labels.contains(name)) {
                    labels.add(name, "value " + i);
                }
                reference.putIfAbsent(name, "value " + i);
            }
            labels.put("name.0", "replaced");
            reference.put("name.0", "replaced");
            labels.put("occurredAtSource", "received");
            reference.put("occurredAtSource", "received");

            // WHEN the map is made
            Map<String, String> map = labels.toMap();

            // THEN it is the LinkedHashMap, down to the order it iterates in (Map.copyOf's order, which this
            // replaced, changed with every JVM), and AlertSignal keeps it as it is
            assertThat(map).as("%d names", count).isEqualTo(reference);
            assertThat(List.copyOf(map.entrySet())).as("%d names", count).isEqualTo(List.copyOf(reference.entrySet()));
            assertThat(SignalLabels.copyOf(map)).as("AlertSignal keeps it as it is").isSameAs(map);
        }
    }
}
