package io.parley.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.query.AppliedVersions;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One generation's {@code conversations} collection, read by {@code _id}. The projections write it through their
 * batch ({@link io.parley.query.ReadModelBatch}).
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

    /**
     * The record of {@code conversationId} is at {@code version} (or beyond) in the store now: wakes the requests
     * waiting for it (see {@link AppliedVersions}).
     */
    public void announce(String conversationId, long version, Supplier<AppliedVersions.Written> written) {
        applied.reached(collection, conversationId, version, written);
    }
}
