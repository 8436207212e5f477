package io.parley.push.feed;

import io.parley.kernel.api.AnsweredWrites;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The feed's side of a send answered before it was fanned out (see {@link AnsweredWrites}): a connection that
 * replays the stream ({@code connect} with a cursor, {@code sync}) first waits ({@link #awaitAll}) until the feed
 * processor has stored every event answered so far, so the replay up to {@code sync_complete} holds everything its
 * user was told is sent, as it did when the answer itself waited for the read model.
 *
 * <p>The processor says after each batch which version of each conversation it stored ({@link #fannedOut}); an
 * answered version leaves once it is reached. Both sides write their own map before they look at the other's, so a
 * send answered after its batch (the processor was quicker than the answer) leaves at once. A wait that hears
 * nothing for {@code SLICE} also reads the conversation's state from the store (the processor may run on another
 * push node), and one that runs out lets the replay go on with what the stream holds.
 */
@Component
public class FeedAnswers implements AnsweredWrites {

    private static final int REMEMBERED = 100_000;
    private static final Duration SLICE = Duration.ofMillis(100);

    private final MongoTemplate mongo;
    private final Duration wait;
    /** Conversation to the highest answered version the processor was not known to have stored. */
    private final ConcurrentMap<String, Long> inFlight = new ConcurrentHashMap<>();
    /** Conversation to the highest version this JVM's processor stored, for the most recent conversations. */
    private final Map<String, Long> stored = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final Object signal = new Object();
    private final AtomicInteger waiting = new AtomicInteger();

    FeedAnswers(MongoTemplate mongo, @Value("${parley.read-your-writes-timeout:5s}") Duration wait) {
        this.mongo = mongo;
        this.wait = wait;
    }

    @Override
    public void answered(String conversationId, long version) {
        inFlight.merge(conversationId, version, Math::max);
        settle(conversationId, storedVersion(conversationId));
    }

    /** The feed processor stored the conversation's events up to {@code version}, and they are in the stream. */
    void fannedOut(String conversationId, long version) {
        stored.merge(conversationId, version, Math::max);
        settle(conversationId, version);
        if (waiting.get() > 0) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    /** Returns once the stream holds every send answered so far (or the wait ran out). */
    public void awaitAll() {
        if (inFlight.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<Map.Entry<String, Long>> answered = List.copyOf(inFlight.entrySet());
        waiting.incrementAndGet();
        try {
            for (Map.Entry<String, Long> entry : answered) {
                if (!await(entry.getKey(), entry.getValue(), deadline)) {
                    return;
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** How many answered sends the stream may not hold yet (for tests and diagnostics). */
    int inFlight() {
        return inFlight.size();
    }

    private boolean await(String conversationId, long version, long deadline) {
        while (storedVersion(conversationId) < version) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (signal) {
                if (storedVersion(conversationId) >= version) {
                    break;
                }
                try {
                    signal.wait(Math.max(1, Math.min(SLICE.toMillis(), left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (storedVersion(conversationId) < version) {
                FeedConversation state = mongo.findById(conversationId, FeedConversation.class, FeedProjection.STATE);
                if (state != null) {
                    fannedOut(conversationId, state.version());
                }
            }
        }
        return true;
    }

    private long storedVersion(String conversationId) {
        return stored.getOrDefault(conversationId, 0L);
    }

    /** Drops the conversation's answered version once {@code version} reaches it. */
    private void settle(String conversationId, long version) {
        inFlight.computeIfPresent(conversationId, (id, answered) -> answered <= version ? null : answered);
    }
}
