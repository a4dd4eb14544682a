package io.klaxon.domain.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignalLabelsTest {

    /** Sizes on both sides of the hash index (16 names), random names that share hash buckets. */
    @Test
    void copyOf_shouldAnswerAsTheMapItCopied_whenSmallOrIndexed() {
        Random random = new Random(10);
        for (int size : new int[] {0, 1, 2, 15, 16, 17, 40, 300}) {
            // GIVEN a map of random short names (many collide in a small table), in insertion order
            Map<String, String> given = new LinkedHashMap<>();
            while (given.size() < size) {
                given.put(Integer.toString(random.nextInt(size * 4 + 1), 36), "v" + random.nextInt());
            }
            // WHEN it is copied
            SignalLabels labels = SignalLabels.copyOf(given);
            // THEN it equals the source both ways, iterates in its order and answers every lookup as it does
            assertThat(labels).isEqualTo(given);
            assertThat(given).isEqualTo(labels);
            assertThat(labels.hashCode()).isEqualTo(given.hashCode()).isEqualTo(Map.copyOf(given).hashCode());
            assertThat(new ArrayList<>(labels.keySet())).containsExactlyElementsOf(given.keySet());
            for (int i = 0; i < labels.size(); i++) {
                assertThat(labels.get(labels.name(i))).isEqualTo(labels.value(i)).isEqualTo(given.get(labels.name(i)));
            }
            for (int probe = 0; probe < size * 8 + 8; probe++) {
                String name = Integer.toString(probe, 36);
                assertThat(labels.get(name)).as(name).isEqualTo(given.get(name));
                assertThat(labels.containsKey(name)).as(name).isEqualTo(given.containsKey(name));
            }
            assertThat(labels.get(null)).isNull();
            assertThat(labels.containsKey(42)).isFalse();
        }
    }

    @Test
    void of_shouldKeepTheFirstNamesInOrder_andNotShareTheArrays() {
        // GIVEN a builder's arrays, longer than the labels they hold
        String[] names = {"b", "a", "c", null};
        String[] values = {"2", "1", "3", null};
        // WHEN the map is made from the first three and the arrays are reused
        SignalLabels labels = SignalLabels.of(names, values, 3);
        names[0] = "z";
        values[0] = "9";
        // THEN it holds the three, in order, as they were
        assertThat(new ArrayList<>(labels.entrySet())).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"),
                Map.entry("c", "3"));
        assertThat(SignalLabels.of(names, values, 0)).isEmpty();
    }

    @Test
    void signalLabels_shouldRefuseChangesAndNulls_asMapCopyOfDoes() {
        // GIVEN labels
        SignalLabels labels = SignalLabels.copyOf(Map.of("a", "1"));
        // WHEN / THEN every mutator throws, and nulls are refused on the way in
        assertThatThrownBy(() -> labels.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> labels.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(labels::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> labels.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> labels.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("a", null);
        assertThatThrownBy(() -> SignalLabels.copyOf(nullValue)).isInstanceOf(NullPointerException.class);
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "1");
        assertThatThrownBy(() -> SignalLabels.copyOf(nullName)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SignalLabels.of(new String[] {"a"}, new String[] {null}, 1))
                .isInstanceOf(NullPointerException.class);
        assertThat(labels).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void alertSignal_shouldKeepTheLabelsItIsGiven_whenTheyAreSignalLabels() {
        // GIVEN labels made by a builder, and a plain map with the same content
        SignalLabels labels = SignalLabels.of(new String[] {"state", "alarmName"}, new String[] {"ALARM", "cpu"}, 2);
        Map<String, String> plain = new LinkedHashMap<>(labels);
        // WHEN signals are made with each
        AlertSignal kept = signal(labels);
        AlertSignal copied = signal(plain);
        // THEN the first keeps the very map, the second a copy in the given order; both are equal signals
        assertThat(kept.labels()).isSameAs(labels);
        assertThat(copied.labels()).isInstanceOf(SignalLabels.class).isNotSameAs(plain);
        assertThat(new ArrayList<>(copied.labels().keySet())).containsExactly("state", "alarmName");
        assertThat(kept).isEqualTo(copied);
        assertThat(signal(null).labels()).isEmpty();
    }

    private static AlertSignal signal(Map<String, String> labels) {
        return new AlertSignal(BusContract.SCHEMA_VERSION, "k", "s", SignalStatus.FIRING, Severity.HIGH, "t", "", "x",
                null, null, List.of(), Instant.EPOCH, List.of(), labels);
    }
}
