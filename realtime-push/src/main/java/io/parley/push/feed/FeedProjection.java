package io.parley.push.feed;

import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_CREATED;
import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_DELETED;
import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_UPDATED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_DELETED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_READ;
import static io.parley.kernel.api.realtime.RealtimeEvents.NEW_MESSAGE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.Metadata;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.realtime.ConversationChanged;
import io.parley.kernel.api.realtime.MessageDeleted;
import io.parley.kernel.api.realtime.MessageRead;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Fans each stored event out to the feeds of the users who are to hear it, as the socket event of API.md, in the
 * stream's order, then carries the new entries to every push node ({@link LiveFeed}). Recipients are the members
 * after the event: a removed member hears its own removal, last, and nothing after; a member added later hears
 * nothing from before. One processor for the whole deployment ({@value #PROCESSING_GROUP}), whichever node holds its
 * token.
 *
 * <p>Repeats are harmless at every step: an event at or below the conversation's version was fanned out before and
 * is skipped; the conversation's version is saved only after its fan-out, so an event interrupted halfway is fanned
 * out again, and each feed takes an event once ({@link UserFeeds#append}); its entries are carried live again, and
 * connections drop what they have seen by seq.
 */
@Component
@ProcessingGroup(FeedProjection.PROCESSING_GROUP)
public class FeedProjection {

    public static final String PROCESSING_GROUP = "feed";
    static final String STATE = "feed_conversations";

    private final MongoTemplate mongo;
    private final UserFeeds feeds;
    private final FeedPublisher live;
    private final LiveConversations liveConversations;
    private final ObjectMapper json;

    FeedProjection(MongoTemplate mongo, UserFeeds feeds, FeedPublisher live, LiveConversations liveConversations,
            ObjectMapper json) {
        this.mongo = mongo;
        this.feeds = feeds;
        this.live = live;
        this.liveConversations = liveConversations;
        this.json = json;
    }

    @EventHandler
    public void on(ConversationCreatedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        if (mongo.findById(event.conversationId(), FeedConversation.class, STATE) != null) {
            return;
        }
        FeedConversation conversation = new FeedConversation(event.conversationId(), event.participants(),
                event.group(), event.groupName(), event.createdBy(), event.createdAt(), event.createdAt(), null,
                version);
        liveConversations.join(conversation.participants(), conversation.id());
        toMembers(conversation, eventId, CONVERSATION_CREATED, new ConversationChanged(conversation.view()), null);
        mongo.save(conversation, STATE);
    }

    @EventHandler
    public void on(ParticipantAddedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> {
            List<String> participants = new ArrayList<>(conversation.participants());
            if (!participants.contains(event.userId())) {
                participants.add(event.userId());
            }
            return conversation.with(participants, event.addedAt(), version);
        }, conversation -> {
            liveConversations.join(List.of(event.userId()), conversation.id());
            toMembers(conversation, eventId, CONVERSATION_UPDATED, new ConversationChanged(conversation.view()), null);
        });
    }

    @EventHandler
    public void on(ParticipantRemovedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.with(
                conversation.participants().stream().filter(userId -> !userId.equals(event.userId())).toList(),
                event.removedAt(), version), conversation -> {
                    liveConversations.leave(List.of(event.userId()), conversation.id());
                    List<String> recipients = new ArrayList<>(conversation.participants());
                    recipients.add(event.userId());
                    fanOut(conversation, recipients, eventId, CONVERSATION_UPDATED,
                            new ConversationChanged(conversation.view()), null);
                });
    }

    @EventHandler
    public void on(ConversationDeletedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.deleted(event.deletedAt(), version),
                conversation -> {
                    liveConversations.leave(conversation.participants(), conversation.id());
                    toMembers(conversation, eventId, CONVERSATION_DELETED,
                            new ConversationChanged(conversation.view()), null);
                });
    }

    @EventHandler
    public void on(MessageSentEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @MetaDataValue(Metadata.CONNECTION_ID) String originConnectionId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), conversation -> {
            MessageView message = new MessageView(event.messageId(), event.conversationId(), event.sender(),
                    event.content(), event.attachments(), List.of(), event.seq(), event.clientMessageId(), false,
                    null, event.sentAt(), event.sentAt());
            toMembers(conversation, eventId, NEW_MESSAGE, new NewMessage(message, conversation.summary()),
                    originConnectionId);
        });
    }

    @EventHandler
    public void on(MessageReadEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version),
                conversation -> toMembers(conversation, eventId, MESSAGE_READ,
                        new MessageRead(event.messageId(), event.reader(), event.conversationId()), null));
    }

    @EventHandler
    public void on(MessageDeletedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version),
                conversation -> toMembers(conversation, eventId, MESSAGE_DELETED,
                        new MessageDeleted(event.messageId(), event.conversationId()), null));
    }

    /**
     * For a conversation still below {@code version}: applies {@code change}, fans the event out to the changed
     * conversation's recipients, and only then stores the change.
     */
    private void advance(String conversationId, long version, UnaryOperator<FeedConversation> change,
            Consumer<FeedConversation> fanOut) {
        Optional.ofNullable(mongo.findById(conversationId, FeedConversation.class, STATE))
                .filter(current -> current.version() < version)
                .map(change)
                .ifPresent(changed -> {
                    fanOut.accept(changed);
                    mongo.save(changed, STATE);
                });
    }

    private void toMembers(FeedConversation conversation, String eventId, String event, Object payload,
            String origin) {
        fanOut(conversation, conversation.participants(), eventId, event, payload, origin);
    }

    /** Keeps the event once, lists it in each recipient's feed, then tells the push nodes where it landed. */
    private void fanOut(FeedConversation conversation, Collection<String> userIds, String eventId, String event,
            Object payload, String origin) {
        FeedEvent kept;
        try {
            kept = new FeedEvent(eventId, conversation.id(), event, origin, json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event + " as JSON", e);
        }
        feeds.keep(kept);
        Map<String, Long> seqByUser = new LinkedHashMap<>();
        for (String userId : userIds) {
            seqByUser.put(userId, feeds.append(userId, eventId));
        }
        live.publish(new AppendedEvent(kept, seqByUser));
    }
}
