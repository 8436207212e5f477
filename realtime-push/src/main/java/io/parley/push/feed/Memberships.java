package io.parley.push.feed;

import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Who is in a conversation, as the push side knows it from the stream (for features that are not events). */
@Component
public class Memberships {

    /** The members of a conversation, and whether it was deleted. */
    public record Membership(List<String> participants, boolean deleted) {
    }

    private final MongoTemplate mongo;

    Memberships(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<Membership> of(String conversationId) {
        return Optional.ofNullable(mongo.findById(conversationId, FeedConversation.class, FeedProjection.STATE))
                .map(conversation -> new Membership(conversation.participants(), conversation.deletedAt() != null));
    }
}
