package io.parley.query;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The read-your-writes signal inside one JVM: the projection says which version of a conversation it has just
 * written, and a request waiting for that version wakes at once, without reading the store in a loop. A version is
 * announced only after the write that reached it has been answered by the store, so a reader woken here finds it
 * there.
 *
 * <p>It knows only what this JVM's projection wrote since it started, and only the most recent conversations (a
 * bounded map): a waiter that hears nothing within a short slice (another query-side instance holds the processor,
 * this one just started, or its conversation was forgotten) looks at the store itself; see
 * {@link ReadModels#awaitVersion}.
 */
public final class AppliedVersions {

    private static final int REMEMBERED = 100_000;

    /** Collection (which names the generation) and conversation id to the highest version written. */
    private final Map<String, Long> versions = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });
    /** The requests waiting on a record, by key; present only while one waits, so a write wakes only its own. */
    private final Map<String, Waiters> waiting = new ConcurrentHashMap<>();

    private static final class Waiters {
        int count;
    }

    /** {@code collection}'s record of {@code conversationId} is at {@code version} (or beyond) in the store now. */
    public void reached(String collection, String conversationId, long version) {
        String key = key(collection, conversationId);
        versions.merge(key, version, Math::max);
        Waiters waiters = waiting.get(key);
        if (waiters != null) {
            synchronized (waiters) {
                waiters.notifyAll();
            }
        }
    }

    /** Whether this JVM has written {@code version} of the record, waiting up to {@code slice} for it. */
    public boolean await(String collection, String conversationId, long version, Duration slice)
            throws InterruptedException {
        String key = key(collection, conversationId);
        Waiters waiters = waiting.compute(key, (k, present) -> {
            Waiters joined = present == null ? new Waiters() : present;
            joined.count++;
            return joined;
        });
        try {
            long deadline = System.nanoTime() + slice.toNanos();
            synchronized (waiters) {
                while (true) {
                    Long written = versions.get(key);
                    if (written != null && written >= version) {
                        return true;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(waiters, left);
                }
            }
        } finally {
            waiting.compute(key, (k, present) -> --present.count == 0 ? null : present);
        }
    }

    private static String key(String collection, String conversationId) {
        return collection + "/" + conversationId;
    }
}
