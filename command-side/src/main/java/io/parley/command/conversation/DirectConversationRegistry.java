package io.parley.command.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Set-based validation for one-to-one conversations: one document per pair of users, {@code _id} the pair, naming
 * the conversation id the pair's starts go to. MongoDB's unique {@code _id} makes the first claim win when two
 * starts race, on one node or many; the aggregate's create-if-missing makes the rest land on the same one.
 */
@Component
class DirectConversationRegistry {

    static final String COLLECTION = "direct_conversations";

    private final MongoTemplate mongo;

    DirectConversationRegistry(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The pair's conversation id: {@code candidateId} if this call claimed the pair, else the earlier claim. */
    String claim(String userA, String userB, String candidateId) {
        String pair = pairKey(userA, userB);
        while (true) {
            try {
                mongo.insert(new Document("_id", pair).append("conversationId", candidateId), COLLECTION);
                return candidateId;
            } catch (DuplicateKeyException claimedBefore) {
                Document claim = mongo.findById(pair, Document.class, COLLECTION);
                if (claim != null) {
                    return claim.getString("conversationId");
                }
                // released between our insert and our read: claim again
            }
        }
    }

    /** Frees the pair for a new conversation once its conversation was deleted; only if it still names that one. */
    void release(String userA, String userB, String conversationId) {
        mongo.remove(query(where("_id").is(pairKey(userA, userB)).and("conversationId").is(conversationId)),
                COLLECTION);
    }

    /** User ids never contain {@code |}, so the pair key is unambiguous; sorted, so either user finds it. */
    static String pairKey(String userA, String userB) {
        return userA.compareTo(userB) < 0 ? userA + "|" + userB : userB + "|" + userA;
    }
}
