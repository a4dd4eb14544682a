package io.klaxon.domain.signal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The labels of an {@link AlertSignal}: an unmodifiable map that keeps its names in the order they were
 * given, in two arrays.
 *
 * <p>Why not {@link Map#copyOf}: every ingested signal's labels (some 15 of them) were hashed into an
 * {@code ImmutableCollections.MapN} once by the builder ({@code Map.ofEntries}) and walked again, one
 * entry object per label, by the bus writer. Here the builder's arrays are copied once into the map,
 * {@link AlertSignal} keeps a map of this class instead of copying it, and the writer reads names and
 * values by index: about 0.2 µs less of the 5.8 µs of CPU to normalize and write an alarm
 * (docs/benchmarks.md, sixth round). The iteration order is the order given (a {@code MapN}'s changes with every JVM).
 *
 * <p>Behaves as {@code Map.copyOf} does otherwise: null names or values are refused, every mutator
 * throws {@link UnsupportedOperationException}, and equality and hash code are any map's; only a lookup of
 * null answers null instead of throwing. A lookup compares names one by one; a map past {@link #INDEXED}
 * names (generic events with many facts) gets a hash index when it is made.
 */
public final class SignalLabels extends AbstractMap<String, String> {

    private static final SignalLabels EMPTY = new SignalLabels(new String[0], new String[0]);
    private static final int INDEXED = 16;

    private final String[] names;
    private final String[] values;
    /** Open addressing over the names' hash codes, each slot the index plus one; null when small. */
    private final int[] index;
    private Set<Entry<String, String>> entries;

    private SignalLabels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.index = names.length > INDEXED ? index(names) : null;
    }

    /** The map as it is when it is one of these, else a copy in its iteration order (as {@code Map.copyOf}, no nulls). */
    public static SignalLabels copyOf(Map<String, String> labels) {
        if (labels instanceof SignalLabels same) {
            return same;
        }
        if (labels.isEmpty()) {
            return EMPTY;
        }
        String[] names = new String[labels.size()];
        String[] values = new String[names.length];
        int i = 0;
        for (Entry<String, String> e : labels.entrySet()) {
            names[i] = Objects.requireNonNull(e.getKey(), "label name");
            values[i] = Objects.requireNonNull(e.getValue(), "label value");
            i++;
        }
        return new SignalLabels(names, values);
    }

    /**
     * The first {@code size} names and values of the arrays, in that order. The names must be distinct (a
     * builder that checked them as it added them); the arrays are copied, so the caller may reuse them.
     */
    public static SignalLabels of(String[] names, String[] values, int size) {
        if (size == 0) {
            return EMPTY;
        }
        String[] n = Arrays.copyOf(names, size);
        String[] v = Arrays.copyOf(values, size);
        for (int i = 0; i < size; i++) {
            Objects.requireNonNull(n[i], "label name");
            Objects.requireNonNull(v[i], "label value");
        }
        return new SignalLabels(n, v);
    }

    /** The name at a position of the iteration order, {@code 0 <= i < size()}. */
    public String name(int i) {
        return names[i];
    }

    /** The value at a position of the iteration order, {@code 0 <= i < size()}. */
    public String value(int i) {
        return values[i];
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public String get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Set<Entry<String, String>> set = entries;
        if (set == null) {
            set = new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.length;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (next >= names.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return Map.entry(names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
            entries = set;
        }
        return set;
    }

    private int indexOf(Object name) {
        if (!(name instanceof String s)) {
            return -1;
        }
        if (index == null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(s)) {
                    return i;
                }
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = spread(s.hashCode()) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
            int i = index[slot] - 1;
            if (names[i].equals(s)) {
                return i;
            }
        }
        return -1;
    }

    private static int[] index(String[] names) {
        int[] table = new int[Integer.highestOneBit(names.length * 2) << 1];
        int mask = table.length - 1;
        for (int i = 0; i < names.length; i++) {
            int slot = spread(names[i].hashCode()) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return table;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
