package io.parley.push.delivery;

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
    private final String state;

    Memberships(MongoTemplate mongo, PushNode node) {
        this.mongo = mongo;
        this.state = node.stateCollection();
    }

    public Optional<Membership> of(String conversationId) {
        return Optional.ofNullable(mongo.findById(conversationId, PushConversation.class, state))
                .map(conversation -> new Membership(conversation.participants(), conversation.deletedAt() != null));
    }
}
