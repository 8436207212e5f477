package io.parley.query.message;

import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.MessageViews;
import io.parley.query.Views;
import io.parley.query.conversation.ConversationStore;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

@Component
class MongoMessageViews implements MessageViews {

    private final MongoTemplate mongo;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final Views views;

    MongoMessageViews(MongoTemplate mongo, ConversationStore conversations, MessageStore messages, Views views) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.messages = messages;
        this.views = views;
    }

    @Override
    public Optional<MessageLocation> locate(String messageId) {
        return Optional.ofNullable(mongo.findById(messageId, MessageIdRecord.class))
                .flatMap(location -> messages.find(location.conversationId(), location.seq()))
                .map(message -> new MessageLocation(message.messageId(), message.conversationId(), message.seq(),
                        message.sender(), message.deleted(), message.deletedAt()));
    }

    /** Only while the sender can still see the conversation: a removed sender must not read through a retry. */
    @Override
    public Optional<MessageView> findByClientMessageId(String conversationId, String sender, String clientMessageId) {
        String key = ClientMessageIdRecord.key(conversationId, sender, clientMessageId);
        return Optional.ofNullable(mongo.findById(key, ClientMessageIdRecord.class))
                .flatMap(earlier -> messages.find(conversationId, earlier.seq()))
                .flatMap(message -> conversations.find(conversationId)
                        .filter(conversation -> conversation.visibleTo(sender))
                        .map(conversation -> views.message(message, conversation)));
    }

    @Override
    public Optional<MessageView> awaitMessage(String conversationId, long seq, long version, Duration timeout) {
        return conversations.awaitVersion(conversationId, version, timeout)
                .flatMap(conversation -> messages.find(conversationId, seq)
                        .map(message -> views.message(message, conversation)));
    }
}
