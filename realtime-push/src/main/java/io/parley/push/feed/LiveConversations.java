package io.parley.push.feed;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Each user's live conversations, one small document per user ({@code _id} the user id) in {@value #COLLECTION},
 * kept by the feed processor: a conversation joins the lists of its members when it is created or they are added, and
 * leaves them when they are removed or it is deleted. It answers "who shares a conversation with this user" with one
 * read by {@code _id} instead of a scan of every conversation (the embedded store has no index on participants).
 * {@code $addToSet} and {@code $pull} make a repeated event change nothing.
 */
@Component
class LiveConversations {

    static final String COLLECTION = "feed_user_conversations";

    private final MongoTemplate mongo;

    LiveConversations(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void join(Collection<String> userIds, String conversationId) {
        userIds.forEach(userId -> change(userId, new Update().addToSet("conversations", conversationId)));
    }

    void leave(Collection<String> userIds, String conversationId) {
        userIds.forEach(userId -> change(userId, new Update().pull("conversations", conversationId)));
    }

    List<String> of(String userId) {
        Document index = mongo.findById(userId, Document.class, COLLECTION);
        return index == null ? List.of() : index.getList("conversations", String.class);
    }

    private void change(String userId, Update update) {
        mongo.upsert(query(where("_id").is(userId)), update, COLLECTION);
    }
}
