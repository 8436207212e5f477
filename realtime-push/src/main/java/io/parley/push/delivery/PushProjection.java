package io.parley.push.delivery;

import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_CREATED;
import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_DELETED;
import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_UPDATED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_DELETED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_READ;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_SENT;
import static io.parley.kernel.api.realtime.RealtimeEvents.NEW_MESSAGE;

import io.parley.kernel.Metadata;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.realtime.ConversationChanged;
import io.parley.kernel.api.realtime.MessageDeleted;
import io.parley.kernel.api.realtime.MessageRead;
import io.parley.kernel.api.realtime.MessageSent;
import io.parley.kernel.api.realtime.NewMessage;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns each stored event into the socket events of API.md for the conversation's members, in the stream's order.
 * Recipients are the members after the event (a removed member hears its own removal, last, and nothing after);
 * the origin connection of a message hears {@code message_sent}, every other connection {@code new_message}.
 * An event at or below the conversation's version was pushed already and is not pushed again.
 */
@Component
@ProcessingGroup(PushProjection.PROCESSING_GROUP)
public class PushProjection {

    public static final String PROCESSING_GROUP = "push";

    private final MongoTemplate mongo;
    private final ObjectProvider<PushSink> sinks;
    private final String state;

    public PushProjection(MongoTemplate mongo, ObjectProvider<PushSink> sinks, PushNode node) {
        this.mongo = mongo;
        this.sinks = sinks;
        this.state = node.stateCollection();
    }

    @EventHandler
    public void on(ConversationCreatedEvent event, @SequenceNumber long version) {
        PushConversation conversation = new PushConversation(event.conversationId(), event.participants(),
                event.group(), event.groupName(), event.createdBy(), event.createdAt(), event.createdAt(), null,
                version);
        try {
            mongo.insert(conversation, state);
        } catch (DuplicateKeyException pushedBefore) {
            return;
        }
        toMembers(conversation, CONVERSATION_CREATED, new ConversationChanged(conversation.view()));
    }

    @EventHandler
    public void on(ParticipantAddedEvent event, @SequenceNumber long version) {
        advance(event.conversationId(), version, conversation -> {
            List<String> participants = new ArrayList<>(conversation.participants());
            if (!participants.contains(event.userId())) {
                participants.add(event.userId());
            }
            return conversation.with(participants, event.addedAt(), version);
        }).ifPresent(conversation ->
                toMembers(conversation, CONVERSATION_UPDATED, new ConversationChanged(conversation.view())));
    }

    @EventHandler
    public void on(ParticipantRemovedEvent event, @SequenceNumber long version) {
        advance(event.conversationId(), version, conversation -> conversation.with(
                conversation.participants().stream().filter(userId -> !userId.equals(event.userId())).toList(),
                event.removedAt(), version)).ifPresent(conversation -> {
                    ConversationChanged changed = new ConversationChanged(conversation.view());
                    toMembers(conversation, CONVERSATION_UPDATED, changed);
                    to(List.of(event.userId()), CONVERSATION_UPDATED, changed, null);
                });
    }

    @EventHandler
    public void on(ConversationDeletedEvent event, @SequenceNumber long version) {
        advance(event.conversationId(), version, conversation -> conversation.deleted(event.deletedAt(), version))
                .ifPresent(conversation ->
                        toMembers(conversation, CONVERSATION_DELETED, new ConversationChanged(conversation.view())));
    }

    @EventHandler
    public void on(MessageSentEvent event, @SequenceNumber long version,
            @MetaDataValue(Metadata.CONNECTION_ID) String originConnectionId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version)).ifPresent(conversation -> {
            MessageView message = new MessageView(event.messageId(), event.conversationId(), event.sender(),
                    event.content(), event.attachments(), List.of(), event.seq(), event.clientMessageId(), false,
                    null, event.sentAt(), event.sentAt());
            to(conversation.participants(), NEW_MESSAGE, new NewMessage(message, conversation.summary()),
                    originConnectionId);
            if (originConnectionId != null) {
                sinks.ifAvailable(sink -> sink.toConnection(originConnectionId, MESSAGE_SENT, new MessageSent(message)));
            }
        });
    }

    @EventHandler
    public void on(MessageReadEvent event, @SequenceNumber long version) {
        advance(event.conversationId(), version, conversation -> conversation.at(version)).ifPresent(conversation ->
                toMembers(conversation, MESSAGE_READ,
                        new MessageRead(event.messageId(), event.reader(), event.conversationId())));
    }

    @EventHandler
    public void on(MessageDeletedEvent event, @SequenceNumber long version) {
        advance(event.conversationId(), version, conversation -> conversation.at(version)).ifPresent(conversation ->
                toMembers(conversation, MESSAGE_DELETED,
                        new MessageDeleted(event.messageId(), event.conversationId())));
    }

    /**
     * Applies {@code change} to a conversation still below {@code version} and stores it (one writer per
     * conversation: this processor, in order); empty when the event was applied, and pushed, before.
     */
    private Optional<PushConversation> advance(
            String conversationId, long version, UnaryOperator<PushConversation> change) {
        PushConversation current = mongo.findById(conversationId, PushConversation.class, state);
        if (current == null || current.version() >= version) {
            return Optional.empty();
        }
        PushConversation changed = change.apply(current);
        mongo.save(changed, state);
        return Optional.of(changed);
    }

    private void toMembers(PushConversation conversation, String event, Object payload) {
        to(conversation.participants(), event, payload, null);
    }

    private void to(Collection<String> userIds, String event, Object payload, String exceptConnectionId) {
        sinks.ifAvailable(sink -> sink.toUsers(userIds, event, payload, exceptConnectionId));
    }
}
