package io.parley.query;

import io.parley.query.conversation.ConversationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which generation of the read model is live: a pointer document, {@code read_model_generations/conversations},
 * and its copy in memory that every reader consults. A reader takes {@link #live()} once and reads everything of
 * one answer from that generation. Switching is one write of the pointer (atomic on any MongoDB) followed by the
 * swap in memory; the generation switched to must already hold everything the live one held, which is the
 * rebuild's job to make sure of (see {@code io.parley.query.replay}).
 */
@Component
public class ReadModels {

    /** The one read model there is; also the name of its processing group and of its replay. */
    public static final String NAME = "conversations";
    static final String POINTERS = "read_model_generations";

    private static final Duration FIRST_POLL = Duration.ofMillis(2);
    private static final Duration LONGEST_POLL = Duration.ofMillis(50);

    private final MongoTemplate mongo;
    private final AtomicReference<State> state;

    public ReadModels(MongoTemplate mongo) {
        this.mongo = mongo;
        Pointer pointer = mongo.findById(NAME, Pointer.class, POINTERS);
        Pointer current = pointer == null ? new Pointer(NAME, 1, null, null, null) : pointer;
        this.state = new AtomicReference<>(new State(current, new ReadModel(mongo, current.live())));
    }

    /**
     * The pointer: the live generation, the one being rebuilt (null when none), when that rebuild started and when
     * the last one finished.
     */
    public record Pointer(@Id String name, int live, Integer rebuilding, Instant rebuildStartedAt,
            Instant lastRebuildFinishedAt) {
    }

    private record State(Pointer pointer, ReadModel live) {
    }

    /** The generation every read goes to now. */
    public ReadModel live() {
        return state.get().live();
    }

    public Pointer pointer() {
        return state.get().pointer();
    }

    public ReadModel generation(int generation) {
        return generation == live().generation() ? live() : new ReadModel(mongo, generation);
    }

    /** Records that {@code generation} is being built; reads stay on the live one. */
    public synchronized void beginRebuild(int generation, Instant at) {
        Pointer now = pointer();
        save(new Pointer(NAME, now.live(), generation, at, now.lastRebuildFinishedAt()), live());
    }

    /**
     * Makes the rebuilt generation the live one: from the pointer's write on, a restart reads it too, and from the
     * swap after it every reader here does.
     */
    public synchronized void switchTo(int generation, Instant at) {
        save(new Pointer(NAME, generation, null, null, at), new ReadModel(mongo, generation));
    }

    /** Forgets a rebuild that will not finish; the live generation stays. */
    public synchronized void abandonRebuild() {
        Pointer now = pointer();
        save(new Pointer(NAME, now.live(), null, null, now.lastRebuildFinishedAt()), live());
    }

    /**
     * Follows a switch made by another query-side instance: each instance reads the pointer again every second (the
     * switching one has its copy at once), so all of them read the new generation before the old one is dropped.
     */
    @Scheduled(fixedDelayString = "${parley.replay.pointer-refresh:1s}")
    public synchronized void followPointer() {
        Pointer stored = mongo.findById(NAME, Pointer.class, POINTERS);
        if (stored != null && !stored.equals(pointer())) {
            ReadModel live = stored.live() == live().generation() ? live() : new ReadModel(mongo, stored.live());
            state.set(new State(stored, live));
        }
    }

    private void save(Pointer pointer, ReadModel live) {
        mongo.save(pointer, POINTERS);
        state.set(new State(pointer, live));
    }

    /** A conversation as a generation had it, and that generation, to read the rest of an answer from. */
    public record Applied(ReadModel model, ConversationRecord conversation) {
    }

    /**
     * Polls the live generation by {@code _id} until the conversation has reached {@code version}; empty if it did
     * not in time. The live generation is looked up again on every poll, so a wait that spans a switch ends in the
     * new one.
     */
    public Optional<Applied> awaitVersion(String conversationId, long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_POLL;
        while (true) {
            ReadModel model = live();
            Optional<Applied> applied = model.conversations().find(conversationId)
                    .filter(found -> found.version() >= version)
                    .map(found -> new Applied(model, found));
            if (applied.isPresent() || System.nanoTime() >= deadline) {
                return applied;
            }
            LockSupport.parkNanos(pause.toNanos());
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }
}
