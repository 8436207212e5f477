package io.parley.query.conversation;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.ConversationViews;
import io.parley.query.ReadModels;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

@Component
class MongoConversationViews implements ConversationViews {

    private final ReadModels readModels;

    MongoConversationViews(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public Optional<ConversationView> awaitVersion(
            String conversationId, String viewer, long version, Duration timeout) {
        return readModels.awaitVersion(conversationId, version, timeout)
                .map(applied -> applied.model().views().conversation(applied.conversation(), viewer));
    }

    @Override
    public boolean awaitApplied(String conversationId, long version, Duration timeout) {
        return readModels.awaitVersion(conversationId, version, timeout).isPresent();
    }
}
