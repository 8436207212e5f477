package io.parley.push.feed;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Who is in a conversation, as the push side knows it from the stream (for features that are not events). */
@Component
public class Memberships {

    /** The members of a conversation, and whether it was deleted. */
    public record Membership(List<String> participants, boolean deleted) {
    }

    private final MongoTemplate mongo;
    private final LiveConversations liveConversations;

    Memberships(MongoTemplate mongo, LiveConversations liveConversations) {
        this.mongo = mongo;
        this.liveConversations = liveConversations;
    }

    public Optional<Membership> of(String conversationId) {
        return Optional.ofNullable(mongo.findById(conversationId, FeedConversation.class, FeedProjection.STATE))
                .map(conversation -> new Membership(conversation.participants(), conversation.deletedAt() != null));
    }

    /**
     * The other users who share a live conversation (one not deleted, that both are members of) with {@code userId}:
     * the user's index document, then its conversations in one read by {@code _id}.
     */
    public Set<String> contactsOf(String userId) {
        List<String> conversationIds = liveConversations.of(userId);
        Set<String> contacts = new LinkedHashSet<>();
        if (conversationIds.isEmpty()) {
            return contacts;
        }
        mongo.find(query(where("_id").in(conversationIds)), FeedConversation.class, FeedProjection.STATE).stream()
                .filter(conversation -> conversation.deletedAt() == null)
                .filter(conversation -> conversation.participants().contains(userId))
                .forEach(conversation -> contacts.addAll(conversation.participants()));
        contacts.remove(userId);
        return contacts;
    }
}
