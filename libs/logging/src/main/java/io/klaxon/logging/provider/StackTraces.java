package io.klaxon.logging.provider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A throwable's stack trace as entries, the way {@code printStackTrace} prints it but one frame per
 * entry: frames, then {@code Caused by: type: message} and {@code Suppressed: …} with their own
 * frames (frames shared with the enclosing trace folded into {@code ... n more}). Entries are plain
 * strings; the layouts escape them, since a message is untrusted text.
 */
final class StackTraces {

    private StackTraces() {
    }

    static List<String> entries(Throwable error) {
        List<String> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(error);
        StackTraceElement[] trace = error.getStackTrace();
        for (StackTraceElement frame : trace) {
            out.add(frame.toString());
        }
        for (Throwable s : error.getSuppressed()) {
            enclosed(out, s, trace, "Suppressed: ", seen);
        }
        Throwable cause = error.getCause();
        if (cause != null) {
            enclosed(out, cause, trace, "Caused by: ", seen);
        }
        return out;
    }

    /** A one-line summary as {@code Throwable.toString()} gives it: {@code type: message}. */
    static String summary(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    private static void enclosed(List<String> out, Throwable t, StackTraceElement[] enclosing, String caption,
                                 Set<Throwable> seen) {
        if (!seen.add(t)) {
            out.add(caption + "[CIRCULAR REFERENCE: " + summary(t) + "]");
            return;
        }
        StackTraceElement[] trace = t.getStackTrace();
        int m = trace.length - 1;
        int n = enclosing.length - 1;
        while (m >= 0 && n >= 0 && trace[m].equals(enclosing[n])) {
            m--;
            n--;
        }
        int shared = trace.length - 1 - m;
        out.add(caption + summary(t));
        for (int i = 0; i <= m; i++) {
            out.add(trace[i].toString());
        }
        if (shared != 0) {
            out.add("... " + shared + " more");
        }
        for (Throwable s : t.getSuppressed()) {
            enclosed(out, s, trace, "Suppressed: ", seen);
        }
        Throwable cause = t.getCause();
        if (cause != null) {
            enclosed(out, cause, trace, "Caused by: ", seen);
        }
    }
}
