package io.parley.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * One generation's {@code conversations} collection: reads by {@code _id}, and writes guarded by the event's
 * version.
 */
public class ConversationStore {

    private final MongoTemplate mongo;
    private final String collection;

    public ConversationStore(MongoTemplate mongo, String collection) {
        this.mongo = mongo;
        this.collection = collection;
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
    }
}
