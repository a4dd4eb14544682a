package io.klaxon.ingest.signal;

import io.klaxon.domain.signal.SignalLabels;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A signal's labels while it is built: names in the order they were added, each once. The signal's
 * map is made from them once, a {@link SignalLabels} over copies of these arrays, which
 * {@code AlertSignal} keeps as it is (docs/benchmarks.md: a {@code LinkedHashMap} copied by the record
 * until the third round, {@code Map.ofEntries} until the sixth). A few names are compared one by one;
 * past {@link #INDEXED}, which only generic events
 * with many facts reach, a hash set answers instead.
 */
final class Labels {

    private static final int INDEXED = 16;

    private String[] names = new String[INDEXED + 8];
    private String[] values = new String[INDEXED + 8];
    private int size;
    private Set<String> index;

    /** Adds a label whose name is not there yet ({@link #contains} said so). */
    void add(String name, String value) {
        append(name, value);
    }

    /** Sets the label: a name already there keeps its place and takes the new value. */
    void put(String name, String value) {
        int at = indexOf(name);
        if (at >= 0) {
            values[at] = value;
        } else {
            append(name, value);
        }
    }

    boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** The labels as the signal's unmodifiable map, in the order they were added. */
    SignalLabels toMap() {
        return SignalLabels.of(names, values, size);
    }

    private int indexOf(String name) {
        if (index != null && !index.contains(name)) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void append(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        if (index != null) {
            index.add(name);
        } else if (size > INDEXED) {
            index = new HashSet<>(Arrays.asList(names).subList(0, size));
        }
    }
}
