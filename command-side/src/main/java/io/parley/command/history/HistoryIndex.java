package io.parley.command.history;

import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Pointers into the event log that let a moment of a long conversation be rebuilt from a few of its events, kept in
 * four collections that every lookup reads by {@code _id} (the only key the embedded store answers without a scan):
 * <ul>
 *   <li>{@code history_heads} {@code <conversationId>}: {@code indexedThrough}, the number of the last event the
 *       index covers (every entry below is about events up to it);</li>
 *   <li>{@code history_checkpoints} {@code <conversationId>:<n>}: the {@link ConversationMoment} after event n, for
 *       every n + 1 a multiple of {@code every};</li>
 *   <li>{@code history_messages} {@code <conversationId>:<seq>}: the number of the event that sent the message, of
 *       each later event about it (edits, reactions, its deletion), and the seq of the message it replies to;</li>
 *   <li>{@code history_message_ids} {@code <messageId>}: the message's seq, to resolve a reply.</li>
 * </ul>
 * Everything here is derived from events the store has accepted (read back from it, where on the embedded store a
 * read waits for the store's commit, or handed over by the {@link HistoryWarmer} once their append has returned),
 * so it never holds what the store does not, and it can be dropped at any time: a
 * conversation without a head is indexed again from its first event when it is next asked for or written to. Each
 * write is idempotent ({@code $set} of the same values, {@code $addToSet}, {@code $max} on the head) and the head
 * moves only after what it covers is written, so two catch-ups racing (two threads, two nodes) leave the same
 * documents as one.
 */
final class HistoryIndex {

    static final String HEADS = "history_heads";
    static final String CHECKPOINTS = "history_checkpoints";
    static final String MESSAGES = "history_messages";
    static final String MESSAGE_IDS = "history_message_ids";

    private static final int FLUSH_EVERY = 500;

    private final MongoTemplate mongo;
    private final EventLog log;
    private final int every;
    private final ReentrantLock[] locks = new ReentrantLock[64];
    /** The moment at the head of the conversations indexed most recently, so the next run need not rebuild it. */
    private final Map<String, ConversationMoment> atHead = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ConversationMoment> eldest) {
                    return size() > 1000;
                }
            });

    HistoryIndex(MongoTemplate mongo, EventLog log, int every) {
        this.mongo = mongo;
        this.log = log;
        this.every = every;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    static String key(String conversationId, long number) {
        return conversationId + ":" + number;
    }

    /** The number of the last event the index covers for this conversation, -1 for none. */
    long indexedThrough(String conversationId) {
        Document head = mongo.findById(conversationId, Document.class, HEADS);
        return head == null ? -1 : ((Number) head.get("indexedThrough")).longValue();
    }

    /** The index's pointers of these messages, by seq (those it has). */
    Map<Long, Document> messages(String conversationId, List<Long> seqs) {
        List<String> keys = seqs.stream().map(seq -> key(conversationId, seq)).toList();
        Map<Long, Document> found = new HashMap<>();
        for (Document document : mongo.find(Query.query(Criteria.where("_id").in(keys)), Document.class, MESSAGES)) {
            found.put(((Number) document.get("seq")).longValue(), document);
        }
        return found;
    }

    /**
     * Indexes the conversation's events up to {@code upTo} (or up to its last one, if that comes first), reading
     * them from the store; returns what the index then covers.
     */
    long catchUp(String conversationId, long upTo) {
        ReentrantLock lock = lock(conversationId);
        lock.lock();
        try {
            long head = indexedThrough(conversationId);
            if (head >= upTo) {
                return head;
            }
            ConversationMoment moment = momentAtHead(conversationId, head);
            Batch batch = new Batch(conversationId);
            Iterator<? extends DomainEventMessage<?>> events = log.from(conversationId, head + 1);
            while (events.hasNext()) {
                DomainEventMessage<?> event = events.next();
                if (event.getSequenceNumber() > upTo) {
                    break;
                }
                head = add(batch, moment, event);
                if (batch.size() >= FLUSH_EVERY) {
                    batch.flush(head);
                    batch = new Batch(conversationId);
                }
            }
            batch.flush(head);
            atHead.put(conversationId, moment);
            return head;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Indexes events just appended to the store, in their order, without reading them back: the warmer's path. Those
     * the index has are skipped; a gap before them (events another node appended, or a restart) is filled from the
     * store first.
     */
    void appended(String conversationId, List<DomainEventMessage<?>> events) {
        ReentrantLock lock = lock(conversationId);
        lock.lock();
        try {
            long head = indexedThrough(conversationId);
            long first = events.get(0).getSequenceNumber();
            if (first > head + 1) {
                head = catchUp(conversationId, first - 1);
                if (head < first - 1) {
                    return;
                }
            }
            ConversationMoment moment = momentAtHead(conversationId, head);
            Batch batch = new Batch(conversationId);
            for (DomainEventMessage<?> event : events) {
                if (event.getSequenceNumber() <= head) {
                    continue;
                }
                if (event.getSequenceNumber() != head + 1) {
                    break;
                }
                head = add(batch, moment, event);
                if (batch.size() >= FLUSH_EVERY) {
                    batch.flush(head);
                    batch = new Batch(conversationId);
                }
            }
            batch.flush(head);
            atHead.put(conversationId, moment);
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock(String conversationId) {
        return locks[Math.floorMod(conversationId.hashCode(), locks.length)];
    }

    /** Taken out of the cache while a run changes it, so a failed run leaves no moment ahead of the head. */
    private ConversationMoment momentAtHead(String conversationId, long head) {
        ConversationMoment cached = atHead.remove(conversationId);
        if (cached != null && cached.eventSequence() == head) {
            return cached;
        }
        return head < 0 ? new ConversationMoment(conversationId) : momentAt(conversationId, head);
    }

    private static long add(Batch batch, ConversationMoment moment, DomainEventMessage<?> event) {
        moment.apply(event.getPayload(), event.getSequenceNumber(), event.getTimestamp());
        batch.add(event.getPayload(), event.getSequenceNumber(), moment);
        return event.getSequenceNumber();
    }

    /**
     * Where the last event at or before {@code at} lies, from the checkpoints' timestamps alone (no read of the
     * store): {@code {good, bad}}, a number stored at or before it (-1: none known) and one after it (-1: none known).
     */
    long[] bounds(String conversationId, java.time.Instant at, long head) {
        long low = 0;
        long high = (head + 1) / every + 1;
        // checkpoint j is after event j * every - 1; find the last j stored at or before at (0: none)
        while (high - low > 1) {
            long middle = (low + high) >>> 1;
            Document checkpoint = mongo.findById(key(conversationId, middle * every - 1), Document.class,
                    CHECKPOINTS);
            if (checkpoint == null || checkpoint.getDate("eventTimestamp") == null) {
                return new long[] {-1, -1};
            }
            if (checkpoint.getDate("eventTimestamp").toInstant().isAfter(at)) {
                high = middle;
            } else {
                low = middle;
            }
        }
        long good = low == 0 ? -1 : low * every - 1;
        long bad = high * every - 1 <= head ? high * every - 1 : -1;
        return new long[] {good, bad};
    }

    /**
     * The conversation after event {@code number}: the checkpoint at or below it, then the events after that one,
     * read by key (fewer than {@code every}). The index must cover {@code number}; a checkpoint that is missing
     * (dropped by hand) makes it fall back to an earlier one, at worst to the first event.
     */
    ConversationMoment momentAt(String conversationId, long number) {
        long checkpoint = (number + 1) / every * every - 1;
        ConversationMoment moment = null;
        while (checkpoint >= 0 && moment == null) {
            Document stored = mongo.findById(key(conversationId, checkpoint), Document.class, CHECKPOINTS);
            if (stored != null) {
                moment = ConversationMoment.fromDocument(stored);
            } else {
                checkpoint -= every;
            }
        }
        if (moment == null) {
            moment = new ConversationMoment(conversationId);
            checkpoint = -1;
        }
        for (DomainEventMessage<?> event : log.range(conversationId, checkpoint + 1, number)) {
            moment.apply(event.getPayload(), event.getSequenceNumber(), event.getTimestamp());
        }
        return moment;
    }

    /** The writes of a run of events, done together; the head moves after them. */
    private final class Batch {

        private final String conversationId;
        private final BulkOperations messages;
        private final BulkOperations ids;
        private final BulkOperations checkpoints;
        private final Map<String, Long> sentHere = new HashMap<>();
        private int messageWrites;
        private int checkpointWrites;
        private int size;

        Batch(String conversationId) {
            this.conversationId = conversationId;
            this.messages = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, MESSAGES);
            this.ids = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, MESSAGE_IDS);
            this.checkpoints = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, CHECKPOINTS);
        }

        int size() {
            return size;
        }

        void add(Object payload, long number, ConversationMoment moment) {
            if (payload instanceof MessageSentEvent sent) {
                messages.upsert(byId(key(conversationId, sent.seq())), new Update().set("seq", sent.seq())
                        .set("messageId", sent.messageId()).set("sent", number)
                        .set("replyToSeq", replyToSeq(sent.replyTo())));
                ids.upsert(byId(sent.messageId()),
                        new Update().set("conversationId", conversationId).set("seq", sent.seq()));
                sentHere.put(sent.messageId(), sent.seq());
                messageWrites++;
            } else {
                Long seq = messageSeq(payload);
                if (seq != null) {
                    messages.upsert(byId(key(conversationId, seq)),
                            new Update().set("seq", seq).addToSet("changes", number));
                    messageWrites++;
                }
            }
            if ((number + 1) % every == 0) {
                Update update = new Update();
                moment.toDocument().forEach(update::set);
                checkpoints.upsert(byId(key(conversationId, number)), update);
                checkpointWrites++;
            }
            size++;
        }

        private Long replyToSeq(String messageId) {
            if (messageId == null) {
                return null;
            }
            Long here = sentHere.get(messageId);
            if (here != null) {
                return here;
            }
            Document known = mongo.findById(messageId, Document.class, MESSAGE_IDS);
            return known != null && conversationId.equals(known.getString("conversationId"))
                    ? ((Number) known.get("seq")).longValue()
                    : null;
        }

        void flush(long head) {
            if (size == 0) {
                return;
            }
            if (!sentHere.isEmpty()) {
                ids.execute();
            }
            if (messageWrites > 0) {
                messages.execute();
            }
            if (checkpointWrites > 0) {
                checkpoints.execute();
            }
            mongo.upsert(byId(conversationId), new Update().max("indexedThrough", head), HEADS);
        }
    }

    private static Query byId(Object id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    /** The seq of the message an event is about, for the events that change one message. */
    private static Long messageSeq(Object payload) {
        if (payload instanceof MessageEditedEvent edited) {
            return edited.seq();
        } else if (payload instanceof ReactionAddedEvent added) {
            return added.seq();
        } else if (payload instanceof ReactionRemovedEvent removed) {
            return removed.seq();
        } else if (payload instanceof MessageDeletedEvent deleted) {
            return deleted.seq();
        }
        return null;
    }
}
