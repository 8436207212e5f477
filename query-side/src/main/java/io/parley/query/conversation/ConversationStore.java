package io.parley.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.query.AppliedVersions;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * One generation's {@code conversations} collection: reads by {@code _id}, and writes guarded by the event's
 * version.
 */
public class ConversationStore {

    private final MongoTemplate mongo;
    private final String collection;
    private final AppliedVersions applied;

    public ConversationStore(MongoTemplate mongo, String collection, AppliedVersions applied) {
        this.mongo = mongo;
        this.collection = collection;
        this.applied = applied;
    }

    public String collection() {
        return collection;
    }

    public Optional<ConversationRecord> find(String conversationId) {
        return conversationId == null
                ? Optional.empty()
                : Optional.ofNullable(mongo.findById(conversationId, ConversationRecord.class, collection));
    }

    public List<ConversationRecord> findAll(Collection<String> conversationIds) {
        return mongo.find(query(where("_id").in(conversationIds)), ConversationRecord.class, collection);
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
                ConversationRecord.class, collection);
        applied.reached(collection, conversationId, version);
    }

    /**
     * Stores a new conversation's first record; a repeated delivery finds it there and changes nothing. Either way
     * the record is at its creating version now.
     */
    public void create(ConversationRecord record) {
        try {
            mongo.insert(record, collection);
        } catch (DuplicateKeyException alreadyApplied) {
            // a repeated delivery
        }
        applied.reached(collection, record.id(), record.version());
    }
}
