package io.parley.query;

import io.parley.query.conversation.ConversationRecord;
import io.parley.query.message.MessageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * How long a wait trusts this JVM's signal alone before it also looks at the store; each look after waits twice
     * as long as the one before, up to {@code MAX_SLICE}: under a load that delays the projection, the waiting
     * requests must not add a read each every 100 ms to the store it is waiting on.
     */
    private static final Duration SIGNAL_SLICE = Duration.ofMillis(100);
    private static final Duration MAX_SLICE = Duration.ofSeconds(1);

    private final MongoTemplate mongo;
    private final AppliedVersions applied = new AppliedVersions();
    private final AtomicReference<State> state;

    public ReadModels(MongoTemplate mongo) {
        this.mongo = mongo;
        Pointer pointer = mongo.findById(NAME, Pointer.class, POINTERS);
        Pointer current = pointer == null ? new Pointer(NAME, 1, null, null, null) : pointer;
        this.state = new AtomicReference<>(new State(current, model(current.live())));
    }

    private ReadModel model(int generation) {
        return new ReadModel(mongo, generation, applied);
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
        return generation == live().generation() ? live() : model(generation);
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
        save(new Pointer(NAME, generation, null, null, at), model(generation));
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
            ReadModel live = stored.live() == live().generation() ? live() : model(stored.live());
            state.set(new State(stored, live));
        }
    }

    private void save(Pointer pointer, ReadModel live) {
        mongo.save(pointer, POINTERS);
        state.set(new State(pointer, live));
    }

    /**
     * A conversation as a generation had it, and that generation, to read the rest of an answer from; with the
     * messages its projection handed over as it wrote them, which need no read.
     */
    public record Applied(ReadModel model, ConversationRecord conversation, Map<Long, MessageRecord> written) {

        public Optional<MessageRecord> message(long seq) {
            MessageRecord handed = written.get(seq);
            return handed != null ? Optional.of(handed) : model.messages().find(conversation.id(), seq);
        }
    }

    /** Whether this JVM's projection has written {@code version} of the conversation in the live generation. */
    public boolean appliedHere(String conversationId, long version) {
        return applied.hasReached(live().conversations().collection(), conversationId, version);
    }

    /**
     * Waits until the live generation's record of the conversation has reached {@code version}; empty if it did not
     * in time. The wait listens to this JVM's projection ({@link AppliedVersions}), so a request whose event is
     * applied here is handed the record as written and reads nothing. After 100 ms ({@code SIGNAL_SLICE}, then
     * twice as long each time) without a word it looks at the store as well, unless this JVM's projection wrote
     * records meanwhile (it is busy here and will say), and once at the end: for a record applied by another
     * query-side instance, before this one started, or in a generation switched to meanwhile (the live generation is
     * looked up again each time).
     */
    public Optional<Applied> awaitVersion(String conversationId, long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sliceNanos = SIGNAL_SLICE.toNanos();
        while (true) {
            ReadModel model = live();
            long left = deadline - System.nanoTime();
            Duration slice = Duration.ofNanos(Math.max(0, Math.min(left, sliceNanos)));
            sliceNanos = Math.min(MAX_SLICE.toNanos(), sliceNanos * 2);
            Optional<AppliedVersions.Heard> heard;
            try {
                heard = applied.await(model.conversations().collection(), conversationId, version, slice);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (heard.isPresent() && heard.get().conversation() != null) {
                return Optional.of(new Applied(model, heard.get().conversation(), heard.get().messages()));
            }
            boolean last = System.nanoTime() >= deadline;
            if (heard.isEmpty() && !last && applied.progressedWithin(slice)) {
                // this JVM's projection is applying events and will say when it reaches this one
                continue;
            }
            Optional<Applied> found = model.conversations().find(conversationId)
                    .filter(record -> record.version() >= version)
                    .map(record -> new Applied(model, record, Map.of()));
            if (found.isPresent() || last) {
                return found;
            }
        }
    }
}
