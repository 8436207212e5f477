package io.parley.query;

import io.parley.kernel.api.AnsweredWrites;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for writes answered before the read model had them (see {@link AnsweredWrites}): for every
 * conversation, the newest version answered and not yet known to be applied. A read of one conversation waits
 * ({@link #awaitConversation}) for that conversation's entry; a read across conversations (the list, an attachment,
 * a message's edits) waits for all of them ({@link #awaitAll}). A read therefore shows at least what any answer
 * given before it began promised, to the writer and to everyone else, as when the answer itself waited.
 *
 * <p>Only writes in flight are kept: an entry leaves once this JVM's projection has applied it, found out by the
 * next read or, when nobody reads, by a sweep once many have gathered (the next sweep only once twice as many
 * remain, so a projection that stopped does not make every answer sweep). A wait that runs out (the projection is
 * stopped, say) lets the read go on with what the store has, as an answer that ran out of waiting does.
 */
@Component
public class AnsweredSends implements AnsweredWrites {

    /** How many entries may gather before an answer sweeps out the applied ones. */
    private static final int SWEEP_AT = 10_000;

    private final ReadModels readModels;
    private final Duration wait;
    private final ConcurrentMap<String, Long> inFlight = new ConcurrentHashMap<>();
    /** The size at which the next answer sweeps; racing answers may both sweep, which is only wasted work. */
    private volatile int sweepAt = SWEEP_AT;

    AnsweredSends(ReadModels readModels, @Value("${parley.read-your-writes-timeout:5s}") Duration wait) {
        this.readModels = readModels;
        this.wait = wait;
    }

    @Override
    public void answered(String conversationId, long version) {
        inFlight.merge(conversationId, version, Math::max);
        if (inFlight.size() > sweepAt) {
            inFlight.forEach((id, answered) -> {
                if (readModels.appliedHere(id, answered)) {
                    inFlight.remove(id, answered);
                }
            });
            sweepAt = Math.max(SWEEP_AT, 2 * inFlight.size());
        }
    }

    /** Returns once the read model holds every answered write of the conversation (or the wait ran out). */
    public void awaitConversation(String conversationId) {
        Long answered = conversationId == null ? null : inFlight.get(conversationId);
        if (answered != null) {
            settle(conversationId, answered);
        }
    }

    /** Returns once the read model holds every write answered so far (or the wait ran out). */
    public void awaitAll() {
        if (inFlight.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Long> entry : List.copyOf(inFlight.entrySet())) {
            settle(entry.getKey(), entry.getValue());
        }
    }

    /** How many answered writes the read model may not hold yet (for tests and diagnostics). */
    int inFlight() {
        return inFlight.size();
    }

    private void settle(String conversationId, long answered) {
        if (!readModels.appliedHere(conversationId, answered)) {
            readModels.awaitVersion(conversationId, answered, wait);
        }
        // a newer answer since keeps its entry
        inFlight.remove(conversationId, answered);
    }
}
