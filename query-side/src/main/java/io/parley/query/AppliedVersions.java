package io.parley.query;

import io.parley.query.conversation.ConversationRecord;
import io.parley.query.message.MessageRecord;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The read-your-writes signal inside one JVM: the projection says which version of a conversation it has just
 * written, and a request waiting for that version wakes at once and is handed the records as written, so it reads
 * nothing from the store. A version is announced only after the write that reached it has been answered by the
 * store, so what a woken request answers is in the store too.
 *
 * <p>It knows only what this JVM's projection wrote since it started, and only the most recent conversations (a
 * bounded map); records are handed only to requests waiting at that moment. A waiter that hears nothing within a
 * short slice (another query-side instance holds the processor, this one just started, or its conversation was
 * forgotten) looks at the store itself; see {@link ReadModels#awaitVersion}.
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
    private volatile long lastReached = System.nanoTime() - Duration.ofDays(1).toNanos();

    /** What a batch wrote of one conversation: its record and the messages the batch inserted or changed. */
    public record Written(ConversationRecord conversation, Map<Long, MessageRecord> messages) {
    }

    /**
     * What a waiter heard: the newest record written since it began to wait (null when the version was reached
     * before, so only the number is known) and the messages written meanwhile, by seq.
     */
    public record Heard(ConversationRecord conversation, Map<Long, MessageRecord> messages) {

        public Optional<MessageRecord> message(long seq) {
            return Optional.ofNullable(messages.get(seq));
        }
    }

    private static final class Waiters {
        int count;
        ConversationRecord conversation;
        final Map<Long, MessageRecord> messages = new HashMap<>();
    }

    /**
     * {@code collection}'s record of {@code conversationId} is at {@code version} (or beyond) in the store now;
     * {@code written} is asked for only when a request waits for it.
     */
    public void reached(String collection, String conversationId, long version, Supplier<Written> written) {
        lastReached = System.nanoTime();
        String key = key(collection, conversationId);
        versions.merge(key, version, Math::max);
        Waiters waiters = waiting.get(key);
        if (waiters != null) {
            synchronized (waiters) {
                Written now = written.get();
                waiters.conversation = now.conversation();
                waiters.messages.putAll(now.messages());
                waiters.notifyAll();
            }
        }
    }

    /** Whether this JVM's projection has written {@code version} of the record (false: not, or not known here). */
    public boolean hasReached(String collection, String conversationId, long version) {
        Long reached = versions.get(key(collection, conversationId));
        return reached != null && reached >= version;
    }

    /** Whether this JVM's projection wrote any record in the last {@code period}: it is applying events here. */
    public boolean progressedWithin(Duration period) {
        return System.nanoTime() - lastReached < period.toNanos();
    }

    /**
     * Waits up to {@code slice} until this JVM has written {@code version} of the record; empty if it did not hear
     * of it in that time.
     */
    public Optional<Heard> await(String collection, String conversationId, long version, Duration slice)
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
                    Long reached = versions.get(key);
                    if (reached != null && reached >= version) {
                        ConversationRecord record = waiters.conversation;
                        return Optional.of(new Heard(record != null && record.version() >= version ? record : null,
                                Map.copyOf(waiters.messages)));
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Optional.empty();
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
