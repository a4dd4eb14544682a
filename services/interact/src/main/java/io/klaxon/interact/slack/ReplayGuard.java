package io.klaxon.interact.slack;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signatures of the requests already accepted, each until its timestamp leaves the replay
 * window: a signed request captured on the way (a proxy log, a shared screen) and sent again within
 * the window is refused instead of being applied twice. Slack signs every request anew (its
 * {@code trigger_id} and timestamps differ), so a genuine request never repeats a signature.
 *
 * <p>Memory is bounded: at most {@link #CAPACITY} signatures; past that the oldest is forgotten
 * first, so the guarantee holds up to that many accepted requests per window (Slack sends a
 * workspace's clicks and commands far below it). It is per process: a Lambda instance remembers
 * what it accepted, not what its siblings did.
 */
final class ReplayGuard {

    static final int CAPACITY = 10_000;

    /** Signature to the epoch second after which its timestamp is outside the window, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private final long windowSeconds;

    ReplayGuard(long windowSeconds) {
        this.windowSeconds = windowSeconds;
    }

    /**
     * @param signature the verified signature
     * @param sentAt    its verified timestamp (epoch seconds)
     * @param now       the current epoch second
     * @return true the first time a signature is seen within its window, false for a replay
     */
    synchronized boolean firstUse(String signature, long sentAt, long now) {
        forgetExpired(now);
        if (seen.containsKey(signature)) {
            return false;
        }
        if (seen.size() >= CAPACITY) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        seen.put(signature, sentAt + windowSeconds);
        return true;
    }

    synchronized int size() {
        return seen.size();
    }

    private void forgetExpired(long now) {
        // Insertion order is nearly expiry order (timestamps within the window of each other):
        // stop at the first live entry; a later one that expired earlier goes on a later call.
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() >= now) {
                return;
            }
            it.remove();
        }
    }
}
