package io.parley.push.feed;

import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_CREATED;
import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_DELETED;
import static io.parley.kernel.api.realtime.RealtimeEvents.CONVERSATION_UPDATED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_DELETED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_DELIVERED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_EDITED;
import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_READ;
import static io.parley.kernel.api.realtime.RealtimeEvents.NEW_MESSAGE;
import static io.parley.kernel.api.realtime.RealtimeEvents.REACTION_ADDED;
import static io.parley.kernel.api.realtime.RealtimeEvents.REACTION_REMOVED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.Metadata;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.realtime.ConversationChanged;
import io.parley.kernel.api.realtime.MessageDeleted;
import io.parley.kernel.api.realtime.MessageDelivered;
import io.parley.kernel.api.realtime.MessageEdited;
import io.parley.kernel.api.realtime.MessageRead;
import io.parley.kernel.api.realtime.NewMessage;
import io.parley.kernel.api.realtime.ReactionChanged;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import io.parley.push.feed.FeedMessages.FeedMessage;
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
 *
 * <p>The pushes of edits, reactions, replies and delivery receipts need facts about messages that their events do
 * not carry (the whole message after an edit, the message a reply names, the sender of each message a marker newly
 * covers): {@link FeedMessages} keeps them, bounded per message and per member, and changes them once per event
 * version, so a repeated event builds the same payloads, which the feeds then take once. {@code message_delivered}
 * for a message newly covered is its own feed event, with the id {@code <eventId>:<seq>}.
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
    private final FeedMessages messages;

    FeedProjection(MongoTemplate mongo, UserFeeds feeds, FeedPublisher live, LiveConversations liveConversations,
            ObjectMapper json) {
        this.mongo = mongo;
        this.feeds = feeds;
        this.live = live;
        this.liveConversations = liveConversations;
        this.json = json;
        this.messages = new FeedMessages(mongo);
    }

    @EventHandler
    public void on(ConversationCreatedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        if (mongo.findById(event.conversationId(), FeedConversation.class, STATE) != null) {
            return;
        }
        FeedConversation conversation = new FeedConversation(event.conversationId(), event.participants(),
                event.group(), event.groupName(), event.createdBy(), event.createdAt(), event.createdAt(), null,
                version, 0);
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
            messages.joined(conversation.id(), event.userId(), conversation.lastSeq(), version);
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
        advance(event.conversationId(), version, conversation -> conversation.sent(event.seq(), version),
                conversation -> {
                    MessageView message = messages.fresh(messages.sent(event, version), conversation.participants());
                    toMembers(conversation, eventId, NEW_MESSAGE, new NewMessage(message, conversation.summary()),
                            originConnectionId);
                });
    }

    /**
     * Reading implies delivery: the reader's markers move, so a later {@code mark_delivered} pushes nothing for what
     * was read. The senders hear {@code message_read} (which every member's connections get), not a
     * {@code message_delivered} per message besides: that would be up to a hundred feed events for every read.
     */
    @EventHandler
    public void on(MessageReadEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), conversation -> {
            messages.cover(conversation.id(), event.reader(), event.seq(), true, version);
            toMembers(conversation, eventId, MESSAGE_READ,
                    new MessageRead(event.messageId(), event.reader(), event.conversationId()), null);
        });
    }

    @EventHandler
    public void on(MessageDeletedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), conversation -> {
            messages.change(event.conversationId(), event.seq(), version,
                    message -> message.deleted(event.deletedAt(), version));
            toMembers(conversation, eventId, MESSAGE_DELETED,
                    new MessageDeleted(event.messageId(), event.conversationId()), null);
        });
    }

    @EventHandler
    public void on(MessageEditedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version),
                conversation -> messages.change(event.conversationId(), event.seq(), version,
                                message -> message.edited(event.content(), event.editedAt(), version))
                        .ifPresent(message -> toMembers(conversation, eventId, MESSAGE_EDITED,
                                new MessageEdited(messages.view(message, conversation.participants())), null)));
    }

    @EventHandler
    public void on(ReactionAddedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), conversation -> {
            messages.change(event.conversationId(), event.seq(), version,
                    message -> message.reacted(event.emoji(), event.userId(), true, version));
            toMembers(conversation, eventId, REACTION_ADDED, new ReactionChanged(event.messageId(),
                    event.conversationId(), event.emoji(), event.userId()), null);
        });
    }

    @EventHandler
    public void on(ReactionRemovedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), conversation -> {
            messages.change(event.conversationId(), event.seq(), version,
                    message -> message.reacted(event.emoji(), event.userId(), false, version));
            toMembers(conversation, eventId, REACTION_REMOVED, new ReactionChanged(event.messageId(),
                    event.conversationId(), event.emoji(), event.userId()), null);
        });
    }

    /** To the sender of each message the marker newly covers (see {@link FeedMessages}); to nobody else. */
    @EventHandler
    public void on(MessageDeliveredEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version),
                conversation -> deliveredToSenders(conversation, eventId,
                        messages.cover(conversation.id(), event.userId(), event.seq(), false, version),
                        event.userId()));
    }

    private void deliveredToSenders(FeedConversation conversation, String eventId, List<FeedMessage> covered,
            String userId) {
        for (FeedMessage message : covered) {
            if (conversation.participants().contains(message.sender())) {
                fanOut(conversation, List.of(message.sender()), eventId + ":" + message.seq(), MESSAGE_DELIVERED,
                        new MessageDelivered(message.messageId(), conversation.id(), userId), null);
            }
        }
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
