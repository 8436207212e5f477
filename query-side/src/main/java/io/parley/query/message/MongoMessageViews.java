package io.parley.query.message;

import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.MessageViews;
import io.parley.kernel.api.ReactionFacts;
import io.parley.query.ReadModel;
import io.parley.query.ReadModels;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

@Component
class MongoMessageViews implements MessageViews {

    private final ReadModels readModels;

    MongoMessageViews(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public Optional<MessageLocation> locate(String messageId) {
        ReadModel model = readModels.live();
        return Optional.ofNullable(model.mongo().findById(
                        messageId, MessageIdRecord.class, model.collection(ReadModel.MESSAGE_IDS)))
                .flatMap(location -> model.messages().find(location.conversationId(), location.seq()))
                .map(message -> new MessageLocation(message.messageId(), message.conversationId(), message.seq(),
                        message.sender(), message.deleted(), message.deletedAt()));
    }

    /** Only while the sender can still see the conversation: a removed sender must not read through a retry. */
    @Override
    public Optional<MessageView> findByClientMessageId(String conversationId, String sender, String clientMessageId) {
        ReadModel model = readModels.live();
        String key = ClientMessageIdRecord.key(conversationId, sender, clientMessageId);
        return Optional.ofNullable(model.mongo().findById(
                        key, ClientMessageIdRecord.class, model.collection(ReadModel.CLIENT_MESSAGE_IDS)))
                .flatMap(earlier -> model.messages().find(conversationId, earlier.seq()))
                .flatMap(message -> model.conversations().find(conversationId)
                        .filter(conversation -> conversation.visibleTo(sender))
                        .map(conversation -> model.views().message(message, conversation)));
    }

    /** The conversation's version first: the message read after it holds at least what that version had. */
    @Override
    public Optional<ReactionFacts> reactions(String conversationId, long seq) {
        ReadModel model = readModels.live();
        return model.conversations().find(conversationId)
                .flatMap(conversation -> model.messages().find(conversationId, seq)
                        .map(message -> new ReactionFacts(message.reactionsByEmoji(), conversation.version())));
    }

    @Override
    public Optional<MessageView> awaitMessage(String conversationId, String messageId, long seq, long version,
            Duration timeout) {
        return readModels.awaitVersion(conversationId, version, timeout)
                .flatMap(applied -> applied.message(seq)
                        .filter(message -> message.messageId().equals(messageId))
                        .map(message -> applied.model().views().message(message, applied.conversation())));
    }
}
