package io.parley.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The {@code conversations} collection: reads by {@code _id}, and writes guarded by the event's version. */
@Component
public class ConversationStore {

    private static final Duration FIRST_POLL = Duration.ofMillis(2);
    private static final Duration LONGEST_POLL = Duration.ofMillis(50);

    private final MongoTemplate mongo;

    public ConversationStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<ConversationRecord> find(String conversationId) {
        return conversationId == null
                ? Optional.empty()
                : Optional.ofNullable(mongo.findById(conversationId, ConversationRecord.class));
    }

    public List<ConversationRecord> findAll(Collection<String> conversationIds) {
        return mongo.find(query(where("_id").in(conversationIds)), ConversationRecord.class);
    }

    /** The record if an event of this version still has to be applied to it. */
    public Optional<ConversationRecord> findBelow(String conversationId, long version) {
        return find(conversationId).filter(record -> record.version() < version);
    }

    /**
     * Applies {@code update} to a record that {@link #findBelow} found below {@code version}, and moves it there.
     * The check is not repeated in the write's filter: a filter of {@code _id} and anything else is a scan on the
     * embedded MongoDB, and each conversation has one writer (its projection handles its events one by one).
     */
    public void advance(String conversationId, long version, Update update) {
        mongo.updateFirst(query(where("_id").is(conversationId)), update.set("version", version),
                ConversationRecord.class);
    }

    /** Polls by {@code _id} until the record has reached {@code version}; empty if it did not in time. */
    public Optional<ConversationRecord> awaitVersion(String conversationId, long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_POLL;
        while (true) {
            Optional<ConversationRecord> record = find(conversationId).filter(found -> found.version() >= version);
            if (record.isPresent() || System.nanoTime() >= deadline) {
                return record;
            }
            LockSupport.parkNanos(pause.toNanos());
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }
}
