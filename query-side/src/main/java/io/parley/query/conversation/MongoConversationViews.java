package io.parley.query.conversation;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.ConversationViews;
import io.parley.query.Views;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

@Component
class MongoConversationViews implements ConversationViews {

    private final ConversationStore conversations;
    private final Views views;

    MongoConversationViews(ConversationStore conversations, Views views) {
        this.conversations = conversations;
        this.views = views;
    }

    @Override
    public Optional<ConversationView> awaitVersion(
            String conversationId, String viewer, long version, Duration timeout) {
        return conversations.awaitVersion(conversationId, version, timeout)
                .map(record -> views.conversation(record, viewer));
    }

    @Override
    public boolean awaitApplied(String conversationId, long version, Duration timeout) {
        return conversations.awaitVersion(conversationId, version, timeout).isPresent();
    }
}
