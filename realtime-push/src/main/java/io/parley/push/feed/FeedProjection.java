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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Fans each stored event out to the users who are to hear it, as the socket event of API.md, in the stream's order,
 * then carries it to every push node ({@link LiveFeed}). Recipients are the members after the event: a removed member
 * hears its own removal, last, and nothing after; a member added later hears nothing from before. One processor for
 * the whole deployment ({@value #PROCESSING_GROUP}), whichever node holds its token.
 *
 * <p>An event costs the same writes in a group of 1,000 as in a one-to-one conversation: it is stored once in the
 * deployment's feed stream ({@link FeedStream}) at the next position, and the conversation's state notes where its
 * stream ends. Who hears it is the conversation's membership at that position, which is written (per member whose
 * membership changes, {@link LiveConversations}) only by the events that change it, before the event itself.
 *
 * <p>Repeats are harmless at every step: an event at or below the conversation's version was fanned out before and
 * is skipped; the conversation's version is saved only after its fan-out, so an event interrupted halfway is fanned
 * out again, finds its place in the stream taken by itself (looked up by the conversation's next number) and keeps
 * its position; membership changes of the same position change nothing twice; it is carried live again, and
 * connections drop what they have had by position.
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
    private final FeedStream stream;
    private final FeedPublisher live;
    private final LiveConversations liveConversations;
    private final FeedAnswers answers;
    private final ObjectMapper json;
    private final FeedMessages messages = new FeedMessages();
    /** The event being fanned out (the processor handles one at a time): where its conversation's stream ends. */
    private long placedHead;
    private long placedPosition;
    /** Its membership changes, written with its position before it is stored. */
    private final Set<String> joining = new LinkedHashSet<>();
    private final Set<String> leaving = new LinkedHashSet<>();

    FeedProjection(MongoTemplate mongo, FeedStream stream, FeedPublisher live, LiveConversations liveConversations,
            FeedAnswers answers, ObjectMapper json) {
        this.mongo = mongo;
        this.stream = stream;
        this.live = live;
        this.liveConversations = liveConversations;
        this.answers = answers;
        this.json = json;
    }

    /**
     * A batch for the events of these conversations, their states read at once; the processor opens one per batch of
     * events ({@link FeedProcessor}) and flushes it after the last.
     */
    FeedBatch open(Collection<String> conversationIds) {
        FeedBatch batch = new FeedBatch(mongo, stream, liveConversations, live, answers);
        batch.prepare(conversationIds);
        return batch;
    }

    @EventHandler
    public void on(ConversationCreatedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        within(batch -> {
            if (batch.conversation(event.conversationId()).isPresent()) {
                return;
            }
            FeedConversation conversation = new FeedConversation(event.conversationId(), event.participants(),
                    event.group(), event.groupName(), event.createdBy(), event.createdAt(), event.createdAt(), null,
                    version, 0L, 0L, 0L);
            begin(conversation);
            joining(conversation.participants());
            toMembers(batch, conversation, eventId, CONVERSATION_CREATED,
                    new ConversationChanged(conversation.view()), null);
            batch.save(placed(conversation));
        });
    }

    @EventHandler
    public void on(ParticipantAddedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> {
            List<String> participants = new ArrayList<>(conversation.participants());
            if (!participants.contains(event.userId())) {
                participants.add(event.userId());
            }
            return conversation.with(participants, event.addedAt(), version);
        }, (batch, conversation) -> {
            joining(List.of(event.userId()));
            messages.joined(batch, conversation.id(), event.userId(), conversation.lastSeq(), version);
            toMembers(batch, conversation, eventId, CONVERSATION_UPDATED,
                    new ConversationChanged(conversation.view()), null);
        });
    }

    @EventHandler
    public void on(ParticipantRemovedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.with(
                conversation.participants().stream().filter(userId -> !userId.equals(event.userId())).toList(),
                event.removedAt(), version), (batch, conversation) -> {
                    leaving(List.of(event.userId()));
                    List<String> recipients = new ArrayList<>(conversation.participants());
                    recipients.add(event.userId());
                    fanOut(batch, conversation, recipients, eventId, CONVERSATION_UPDATED,
                            new ConversationChanged(conversation.view()), null);
                });
    }

    @EventHandler
    public void on(ConversationDeletedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.deleted(event.deletedAt(), version),
                (batch, conversation) -> {
                    leaving(conversation.participants());
                    toMembers(batch, conversation, eventId, CONVERSATION_DELETED,
                            new ConversationChanged(conversation.view()), null);
                });
    }

    @EventHandler
    public void on(MessageSentEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @MetaDataValue(Metadata.CONNECTION_ID) String originConnectionId) {
        advance(event.conversationId(), version, conversation -> conversation.sent(event.seq(), version),
                (batch, conversation) -> {
                    MessageView message = messages.fresh(batch, messages.sent(batch, event, version),
                            conversation.participants());
                    toMembers(batch, conversation, eventId, NEW_MESSAGE,
                            new NewMessage(message, conversation.summary()), originConnectionId);
                });
    }

    /**
     * Reading implies delivery: the reader's markers move, so a later {@code mark_delivered} pushes nothing for what
     * was read. The senders hear {@code message_read} (which every member's connections get), not a
     * {@code message_delivered} per message besides: that would be up to a hundred feed events for every read.
     */
    @EventHandler
    public void on(MessageReadEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), (batch, conversation) -> {
            messages.cover(batch, conversation.id(), event.reader(), event.seq(), true, version);
            toMembers(batch, conversation, eventId, MESSAGE_READ,
                    new MessageRead(event.messageId(), event.reader(), event.conversationId()), null);
        });
    }

    @EventHandler
    public void on(MessageDeletedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), (batch, conversation) -> {
            messages.change(batch, event.conversationId(), event.seq(), version,
                    message -> message.deleted(event.deletedAt(), version));
            toMembers(batch, conversation, eventId, MESSAGE_DELETED,
                    new MessageDeleted(event.messageId(), event.conversationId()), null);
        });
    }

    @EventHandler
    public void on(MessageEditedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version),
                (batch, conversation) -> messages.change(batch, event.conversationId(), event.seq(), version,
                                message -> message.edited(event.content(), event.editedAt(), version))
                        .ifPresent(message -> toMembers(batch, conversation, eventId, MESSAGE_EDITED,
                                new MessageEdited(messages.view(batch, message, conversation.participants())),
                                null)));
    }

    @EventHandler
    public void on(ReactionAddedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), (batch, conversation) -> {
            messages.change(batch, event.conversationId(), event.seq(), version,
                    message -> message.reacted(event.emoji(), event.userId(), true, version));
            toMembers(batch, conversation, eventId, REACTION_ADDED, new ReactionChanged(event.messageId(),
                    event.conversationId(), event.emoji(), event.userId()), null);
        });
    }

    @EventHandler
    public void on(ReactionRemovedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version), (batch, conversation) -> {
            messages.change(batch, event.conversationId(), event.seq(), version,
                    message -> message.reacted(event.emoji(), event.userId(), false, version));
            toMembers(batch, conversation, eventId, REACTION_REMOVED, new ReactionChanged(event.messageId(),
                    event.conversationId(), event.emoji(), event.userId()), null);
        });
    }

    /** To the sender of each message the marker newly covers (see {@link FeedMessages}); to nobody else. */
    @EventHandler
    public void on(MessageDeliveredEvent event, @SequenceNumber long version, @MessageIdentifier String eventId) {
        advance(event.conversationId(), version, conversation -> conversation.at(version),
                (batch, conversation) -> deliveredToSenders(batch, conversation, eventId,
                        messages.cover(batch, conversation.id(), event.userId(), event.seq(), false, version),
                        event.userId()));
    }

    private void deliveredToSenders(FeedBatch batch, FeedConversation conversation, String eventId,
            List<FeedMessage> covered, String userId) {
        for (FeedMessage message : covered) {
            if (conversation.participants().contains(message.sender())) {
                fanOut(batch, conversation, List.of(message.sender()), eventId + ":" + message.seq(),
                        MESSAGE_DELIVERED, new MessageDelivered(message.messageId(), conversation.id(), userId),
                        null);
            }
        }
    }

    /**
     * Runs an event's work in the processor's open batch, or outside a processor (a test calling a handler) in a
     * batch of its own, written at once.
     */
    private void within(Consumer<FeedBatch> work) {
        FeedBatch open = CurrentUnitOfWork.isStarted()
                ? (FeedBatch) CurrentUnitOfWork.get().resources().get(FeedBatch.SCOPE)
                : null;
        FeedBatch batch = open != null ? open : open(List.of());
        work.accept(batch);
        if (open == null) {
            batch.flush();
        }
    }

    /**
     * For a conversation still below {@code version}: applies {@code change}, fans the event out to the changed
     * conversation's recipients, and only then keeps the change, as the state the batch writes when it ends.
     */
    private void advance(String conversationId, long version, UnaryOperator<FeedConversation> change,
            BiConsumer<FeedBatch, FeedConversation> fanOut) {
        within(batch -> {
            FeedConversation current = batch.conversation(conversationId).orElse(null);
            if (current == null || current.version() >= version) {
                return;
            }
            FeedConversation changed = change.apply(current);
            begin(changed);
            fanOut.accept(batch, changed);
            batch.save(placed(changed));
        });
    }

    private void begin(FeedConversation conversation) {
        placedHead = conversation.head();
        placedPosition = conversation.position();
        joining.clear();
        leaving.clear();
    }

    private FeedConversation placed(FeedConversation conversation) {
        if (!joining.isEmpty() || !leaving.isEmpty()) {
            throw new IllegalStateException("a membership change of " + conversation.id() + " was not fanned out");
        }
        return conversation.placed(placedHead, placedPosition);
    }

    /** These users hear the conversation from the event being fanned out on. */
    private void joining(Collection<String> userIds) {
        joining.addAll(userIds);
    }

    /** These users hear the event being fanned out, and nothing after it. */
    private void leaving(Collection<String> userIds) {
        leaving.addAll(userIds);
    }

    private void toMembers(FeedBatch batch, FeedConversation conversation, String eventId, String event,
            Object payload, String origin) {
        fanOut(batch, conversation, conversation.participants(), eventId, event, payload, origin);
    }

    /**
     * Stores the event once at the next position of the stream (or finds it there, stored by an attempt that was
     * interrupted), after the membership changes it makes, and has the push nodes told once the batch is written.
     * Recipients other than the conversation's members at that position are stored with it.
     */
    private void fanOut(FeedBatch batch, FeedConversation conversation, Collection<String> userIds, String eventId,
            String event, Object payload, String origin) {
        long n = placedHead + 1;
        FeedEvent kept = batch.at(conversation.id(), n);
        if (kept == null) {
            Set<String> members = new HashSet<>(conversation.participants());
            members.addAll(leaving);
            List<String> to = members.equals(new HashSet<>(userIds)) ? null : List.copyOf(userIds);
            String written;
            try {
                written = json.writeValueAsString(payload);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + event + " as JSON", e);
            }
            kept = new FeedEvent(batch.nextPosition(), conversation.id(), n, eventId, event, origin, written, to);
            changeMemberships(batch, conversation.id(), kept.position());
            batch.store(kept);
        } else if (!kept.eventId().equals(eventId)) {
            throw new IllegalStateException("place " + n + " of " + conversation.id() + " holds " + kept.eventId()
                    + ", not " + eventId);
        } else {
            changeMemberships(batch, conversation.id(), kept.position());
        }
        placedHead = n;
        placedPosition = kept.position();
        batch.publish(new AppendedEvent(kept, List.copyOf(userIds), 0));
    }

    private void changeMemberships(FeedBatch batch, String conversationId, long position) {
        if (!joining.isEmpty()) {
            batch.changeMemberships(new LiveConversations.Change(List.copyOf(joining), conversationId, position, true));
        }
        if (!leaving.isEmpty()) {
            batch.changeMemberships(new LiveConversations.Change(List.copyOf(leaving), conversationId, position,
                    false));
        }
        joining.clear();
        leaving.clear();
    }
}
