package io.parley.command.conversation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.parley.command.Limits;
import io.parley.kernel.Emoji;
import io.parley.kernel.Text;
import io.parley.kernel.UserIds;
import io.parley.kernel.conversation.AddParticipantCommand;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.CreateGroupCommand;
import io.parley.kernel.conversation.DeleteConversationCommand;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.conversation.RemoveParticipantCommand;
import io.parley.kernel.conversation.StartDirectConversationCommand;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.error.RateLimitedException;
import io.parley.kernel.message.AddReactionCommand;
import io.parley.kernel.message.DeleteMessageCommand;
import io.parley.kernel.message.EditMessageCommand;
import io.parley.kernel.message.MarkDeliveredCommand;
import io.parley.kernel.message.MarkReadCommand;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import io.parley.kernel.message.RemoveReactionCommand;
import io.parley.kernel.message.SendMessageCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A conversation: who is in it and since when, its messages' numbering, and each member's read marker. Its rules
 * decide who may change the membership, send, read, and delete. A member of a deleted conversation hears
 * {@code conversation_deleted}; anyone else hears {@code not_found}, so other people's conversations never leak.
 *
 * <p>The state is bounded by the membership, not the history: messages are numbered here, but their contents and
 * senders are facts the commands carry, so a conversation with a million messages loads as fast as a new one
 * (with a snapshot every few hundred events, and the aggregate cached between commands). What can change about a
 * message is decided here, never on the read model's lagging copy: which messages are deleted is kept as one small
 * entry per deleted message (its seq and when), so sending never grows the state and racing deletes store one event.
 *
 * <p>Edits need no state here: the sender and seq come with the command, the deletion is judged here. Delivery is
 * one marker per member, like reading. Reactions are the one thing that would grow with the history if kept here
 * (up to 20 emoji times the members, for every message), so they are not: the endpoint passes the message's
 * reactions as the read model has them together with the conversation version that read model had reached, and
 * the conversation keeps only its last {@value #RECENT_REACTION_CHANGES} reaction changes. Replaying the changes
 * newer than that version over the read model's copy gives the message's reactions exactly (adding and taking back
 * are idempotent, so a copy that already holds some of them comes out the same), which decides whether a command
 * changes anything and whether a new emoji would pass {@link Emoji#MAX_PER_MESSAGE}. A copy older than the
 * changes kept here cannot be brought up to date: that command is refused as {@code rate_limited}, to be retried
 * once the read model has caught up (it is normally milliseconds behind, and a thousand reactions behind only in an
 * outage).
 */
@Aggregate(snapshotTriggerDefinition = "conversationSnapshotTrigger", cache = "conversationCache")
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class ConversationAggregate {

    /** How many recent clientMessageIds are remembered here; older retries are answered from the read model. */
    static final int RECENT_CLIENT_MESSAGE_IDS = 1000;

    record ReadMarker(long seq, Instant readAt) {
    }

    record SentMessage(String messageId, long seq, Instant sentAt) {
    }

    /** How many recent reaction changes are kept to bring the read model's copy of a message's reactions up to date. */
    static final int RECENT_REACTION_CHANGES = 1000;

    /** A reaction added ({@code on}) or taken back, at the conversation {@code version} of its event. */
    record ReactionChange(long version, long seq, String emoji, String userId, boolean on) {
    }

    @AggregateIdentifier
    private String conversationId;
    /** Member to the last seq before they joined: a member sees the messages after it. In joining order. */
    private final Map<String, Long> participants = new LinkedHashMap<>();
    private final Map<String, ReadMarker> readMarkers = new HashMap<>();
    /** Seq of each deleted message to when it was deleted. */
    private final Map<Long, Instant> deletedMessages = new HashMap<>();
    /** sender + clientMessageId to the message, oldest first, at most {@link #RECENT_CLIENT_MESSAGE_IDS}. */
    private final Map<String, SentMessage> recentClientMessageIds = new LinkedHashMap<>();
    /** Member to the seq up to which messages reached one of their devices (reading counts too, see below). */
    private final Map<String, Long> deliveryMarkers = new HashMap<>();
    /** The last reaction changes, oldest first, at most {@link #RECENT_REACTION_CHANGES}. */
    private final ArrayDeque<ReactionChange> recentReactionChanges = new ArrayDeque<>();
    /** The version of the newest reaction change no longer in {@link #recentReactionChanges}; 0 while none was dropped. */
    private long forgottenReactionChangesUpTo;
    private long lastSeq;
    private boolean group;
    private String groupName;
    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant deletedAt;
    private long version;

    ConversationAggregate() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    ConversationState handle(CreateGroupCommand command, Clock clock, Limits limits) {
        List<String> members = membersOfNewGroup(command.createdBy(), command.participants(), limits);
        String name = command.groupName() == null ? null : Text.trim(command.groupName());
        if (name != null && (Text.isBlank(name) || Text.length(name) > limits.maxGroupNameLength())) {
            throw ParleyException.validation(
                    "groupName must be 1-" + limits.maxGroupNameLength() + " characters after trimming");
        }
        apply(new ConversationCreatedEvent(
                command.conversationId(), command.createdBy(), members, true, name, clock.instant()));
        return state(true);
    }

    /** Idempotent by design: the registry sends every start of the same pair to the same id. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ConversationState handle(StartDirectConversationCommand command, Clock clock) {
        if (conversationId != null) {
            requireMember(command.initiator());
            requireLive();
            return state(false);
        }
        if (!UserIds.isValid(command.otherUser())) {
            throw ParleyException.validation("participants must hold valid user ids");
        }
        if (command.otherUser().equals(command.initiator())) {
            throw ParleyException.validation("a one-to-one conversation needs exactly one participant besides you");
        }
        apply(new ConversationCreatedEvent(command.conversationId(), command.initiator(),
                List.of(command.initiator(), command.otherUser()), false, null, clock.instant()));
        return state(true);
    }

    @CommandHandler
    ConversationState handle(AddParticipantCommand command, Clock clock, Limits limits) {
        requireMember(command.addedBy());
        requireLive();
        requireGroup();
        if (!UserIds.isValid(command.userId())) {
            throw ParleyException.validation("userId is not a valid user id");
        }
        if (participants.containsKey(command.userId())) {
            return state(false);
        }
        if (participants.size() >= limits.maxParticipants()) {
            throw ParleyException.validation("a group has at most " + limits.maxParticipants() + " participants");
        }
        apply(new ParticipantAddedEvent(conversationId, command.userId(), command.addedBy(), clock.instant()));
        return state(true);
    }

    @CommandHandler
    ConversationState handle(RemoveParticipantCommand command, Clock clock) {
        requireMember(command.removedBy());
        requireLive();
        requireGroup();
        if (!participants.containsKey(command.userId())) {
            throw ParleyException.notFound("user " + command.userId() + " is not a participant");
        }
        boolean leaving = command.userId().equals(command.removedBy());
        if (!leaving && !command.removedBy().equals(createdBy)) {
            throw ParleyException.forbidden("only the group's creator may remove other members");
        }
        apply(new ParticipantRemovedEvent(conversationId, command.userId(), command.removedBy(), clock.instant()));
        return state(true);
    }

    @CommandHandler
    ConversationState handle(DeleteConversationCommand command, Clock clock) {
        requireMember(command.deletedBy());
        requireLive();
        if (group && !command.deletedBy().equals(createdBy)) {
            throw ParleyException.forbidden("only the group's creator may delete it");
        }
        apply(new ConversationDeletedEvent(conversationId, command.deletedBy(), clock.instant()));
        return state(true);
    }

    @CommandHandler
    MessageReceipt handle(SendMessageCommand command, Clock clock, Limits limits) {
        requireMember(command.sender());
        requireLive();
        List<String> attachments = command.attachments() == null ? List.of() : command.attachments();
        // invisible content (zero-width or ideographic spaces, say) is no content: kept as ""
        String content = Text.content(command.content());
        if (content.isEmpty() && attachments.isEmpty()) {
            throw ParleyException.validation("content must not be empty unless attachments are sent");
        }
        if (Text.length(content) > limits.maxContentLength()) {
            throw ParleyException.validation(
                    "content must be at most " + limits.maxContentLength() + " characters after trimming");
        }
        if (attachments.size() > limits.maxAttachments()) {
            throw ParleyException.validation("a message has at most " + limits.maxAttachments() + " attachments");
        }
        if (new HashSet<>(attachments).size() != attachments.size()) {
            throw ParleyException.validation("an attachment is listed more than once");
        }
        if (command.clientMessageId() != null) {
            SentMessage earlier = recentClientMessageIds.get(clientKey(command.sender(), command.clientMessageId()));
            if (earlier != null) {
                return new MessageReceipt(earlier.messageId(), earlier.seq(), earlier.sentAt(), version, false);
            }
        }
        if (command.replyTo() != null && (!conversationId.equals(command.replyToConversationId())
                || command.replyToSeq() < 1 || command.replyToSeq() > lastSeq
                || command.replyToSeq() <= participants.get(command.sender()))) {
            throw ParleyException.validation("replyTo must name a message of this conversation that you can see");
        }
        long seq = lastSeq + 1;
        Instant sentAt = clock.instant();
        apply(new MessageSentEvent(conversationId, command.messageId(), seq, command.sender(), content, attachments,
                command.clientMessageId(), sentAt, command.replyTo()));
        return new MessageReceipt(command.messageId(), seq, sentAt, version, true);
    }

    @CommandHandler
    MessageReceipt handle(DeleteMessageCommand command, Clock clock) {
        requireMember(command.deletedBy());
        requireLive();
        requireVisible(command.deletedBy(), command.seq());
        if (!command.sender().equals(command.deletedBy())) {
            throw ParleyException.forbidden("only the sender may delete a message");
        }
        Instant deletedBefore = deletedMessages.get(command.seq());
        if (deletedBefore != null) {
            return new MessageReceipt(command.messageId(), command.seq(), deletedBefore, version, false);
        }
        Instant deletedAt = clock.instant();
        apply(new MessageDeletedEvent(
                conversationId, command.messageId(), command.seq(), command.deletedBy(), deletedAt));
        return new MessageReceipt(command.messageId(), command.seq(), deletedAt, version, true);
    }

    /** Idempotent: a marker already at or past the message stays where it is. */
    @CommandHandler
    MessageReceipt handle(MarkReadCommand command, Clock clock) {
        requireMember(command.reader());
        requireLive();
        requireVisible(command.reader(), command.seq());
        ReadMarker marker = readMarkers.get(command.reader());
        if (marker != null && marker.seq() >= command.seq()) {
            return new MessageReceipt(command.messageId(), command.seq(), marker.readAt(), version, false);
        }
        Instant readAt = clock.instant();
        apply(new MessageReadEvent(conversationId, command.messageId(), command.seq(), command.reader(), readAt));
        return new MessageReceipt(command.messageId(), command.seq(), readAt, version, true);
    }

    /** The sender alone, never on a deleted message; the content is judged as for sending (attachments stay). */
    @CommandHandler
    MessageReceipt handle(EditMessageCommand command, Clock clock, Limits limits) {
        requireMember(command.editedBy());
        requireLive();
        requireVisible(command.editedBy(), command.seq());
        if (!command.sender().equals(command.editedBy())) {
            throw ParleyException.forbidden("only the sender may edit a message");
        }
        requireNotDeleted(command.seq(), "a deleted message cannot be edited");
        String content = Text.content(command.content());
        if (content.isEmpty() || Text.length(content) > limits.maxContentLength()) {
            throw ParleyException.validation(
                    "content must be 1-" + limits.maxContentLength() + " characters after trimming");
        }
        Instant editedAt = clock.instant();
        apply(new MessageEditedEvent(conversationId, command.messageId(), command.seq(), command.editedBy(), content,
                editedAt));
        return new MessageReceipt(command.messageId(), command.seq(), editedAt, version, true);
    }

    /** Idempotent: a reaction the user has already is no change, and no event. */
    @CommandHandler
    MessageReceipt handle(AddReactionCommand command, Clock clock) {
        Map<String, Set<String>> reactions = reactableBy(command.userId(), command.seq(), command.emoji(),
                command.known(), command.knownVersion());
        if (reactions.getOrDefault(command.emoji(), Set.of()).contains(command.userId())) {
            return new MessageReceipt(command.messageId(), command.seq(), null, version, false);
        }
        if (!reactions.containsKey(command.emoji()) && reactions.size() >= Emoji.MAX_PER_MESSAGE) {
            throw ParleyException.validation("a message has at most " + Emoji.MAX_PER_MESSAGE + " different emoji");
        }
        Instant at = clock.instant();
        apply(new ReactionAddedEvent(conversationId, command.messageId(), command.seq(), command.userId(),
                command.emoji(), at));
        return new MessageReceipt(command.messageId(), command.seq(), at, version, true);
    }

    /** Idempotent: taking back a reaction the user does not have is no change, and no event. */
    @CommandHandler
    MessageReceipt handle(RemoveReactionCommand command, Clock clock) {
        Map<String, Set<String>> reactions = reactableBy(command.userId(), command.seq(), command.emoji(),
                command.known(), command.knownVersion());
        if (!reactions.getOrDefault(command.emoji(), Set.of()).contains(command.userId())) {
            return new MessageReceipt(command.messageId(), command.seq(), null, version, false);
        }
        Instant at = clock.instant();
        apply(new ReactionRemovedEvent(conversationId, command.messageId(), command.seq(), command.userId(),
                command.emoji(), at));
        return new MessageReceipt(command.messageId(), command.seq(), at, version, true);
    }

    /**
     * A member who may see the message, a well-formed emoji, a message not deleted: then the message's reactions as
     * they are now (see {@link #reactionsOf}).
     */
    private Map<String, Set<String>> reactableBy(String userId, long seq, String emoji,
            Map<String, List<String>> known, long knownVersion) {
        requireMember(userId);
        requireLive();
        requireVisible(userId, seq);
        requireEmoji(emoji);
        requireNotDeleted(seq, "nobody reacts to a deleted message");
        return reactionsOf(seq, known, knownVersion);
    }

    /** Idempotent: a marker (delivery or read) already at or past the message stays where it is. */
    @CommandHandler
    MessageReceipt handle(MarkDeliveredCommand command, Clock clock) {
        requireMember(command.userId());
        requireLive();
        requireVisible(command.userId(), command.seq());
        if (deliveredUpTo(command.userId()) >= command.seq()) {
            return new MessageReceipt(command.messageId(), command.seq(), null, version, false);
        }
        Instant at = clock.instant();
        apply(new MessageDeliveredEvent(conversationId, command.messageId(), command.seq(), command.userId(), at));
        return new MessageReceipt(command.messageId(), command.seq(), at, version, true);
    }

    @EventSourcingHandler
    void on(ConversationCreatedEvent event, @SequenceNumber long sequence) {
        conversationId = event.conversationId();
        event.participants().forEach(member -> participants.put(member, 0L));
        group = event.group();
        groupName = event.groupName();
        createdBy = event.createdBy();
        createdAt = event.createdAt();
        updatedAt = event.createdAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ParticipantAddedEvent event, @SequenceNumber long sequence) {
        participants.put(event.userId(), lastSeq);
        readMarkers.put(event.userId(), new ReadMarker(lastSeq, event.addedAt()));
        updatedAt = event.addedAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ParticipantRemovedEvent event, @SequenceNumber long sequence) {
        participants.remove(event.userId());
        readMarkers.remove(event.userId());
        deliveryMarkers.remove(event.userId());
        updatedAt = event.removedAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationDeletedEvent event, @SequenceNumber long sequence) {
        deletedAt = event.deletedAt();
        updatedAt = event.deletedAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(MessageSentEvent event, @SequenceNumber long sequence) {
        lastSeq = event.seq();
        updatedAt = event.sentAt();
        if (event.clientMessageId() != null) {
            recentClientMessageIds.put(clientKey(event.sender(), event.clientMessageId()),
                    new SentMessage(event.messageId(), event.seq(), event.sentAt()));
            if (recentClientMessageIds.size() > RECENT_CLIENT_MESSAGE_IDS) {
                recentClientMessageIds.remove(recentClientMessageIds.keySet().iterator().next());
            }
        }
        version = sequence;
    }

    @EventSourcingHandler
    void on(MessageDeletedEvent event, @SequenceNumber long sequence) {
        deletedMessages.put(event.seq(), event.deletedAt());
        version = sequence;
    }

    @EventSourcingHandler
    void on(MessageReadEvent event, @SequenceNumber long sequence) {
        readMarkers.put(event.reader(), new ReadMarker(event.seq(), event.readAt()));
        version = sequence;
    }

    @EventSourcingHandler
    void on(MessageEditedEvent event, @SequenceNumber long sequence) {
        version = sequence;
    }

    @EventSourcingHandler
    void on(ReactionAddedEvent event, @SequenceNumber long sequence) {
        remember(new ReactionChange(sequence, event.seq(), event.emoji(), event.userId(), true));
        version = sequence;
    }

    @EventSourcingHandler
    void on(ReactionRemovedEvent event, @SequenceNumber long sequence) {
        remember(new ReactionChange(sequence, event.seq(), event.emoji(), event.userId(), false));
        version = sequence;
    }

    @EventSourcingHandler
    void on(MessageDeliveredEvent event, @SequenceNumber long sequence) {
        deliveryMarkers.merge(event.userId(), event.seq(), Math::max);
        version = sequence;
    }

    private void remember(ReactionChange change) {
        recentReactionChanges.addLast(change);
        if (recentReactionChanges.size() > RECENT_REACTION_CHANGES) {
            forgottenReactionChangesUpTo = recentReactionChanges.removeFirst().version();
        }
    }

    /**
     * The message's reactions now: the read model's copy as of {@code knownVersion}, with every change kept here
     * that is newer replayed over it (see the class comment).
     */
    private Map<String, Set<String>> reactionsOf(long seq, Map<String, List<String>> known, long knownVersion) {
        if (knownVersion < forgottenReactionChangesUpTo) {
            throw new RateLimitedException("reactions are being updated; retry in a moment", Duration.ofSeconds(1));
        }
        Map<String, Set<String>> reactions = new HashMap<>();
        known.forEach((emoji, users) -> {
            if (users != null && !users.isEmpty()) {
                reactions.put(emoji, new HashSet<>(users));
            }
        });
        for (ReactionChange change : recentReactionChanges) {
            if (change.seq() != seq || change.version() <= knownVersion) {
                continue;
            }
            if (change.on()) {
                reactions.computeIfAbsent(change.emoji(), emoji -> new HashSet<>()).add(change.userId());
            } else {
                Set<String> users = reactions.get(change.emoji());
                if (users != null && users.remove(change.userId()) && users.isEmpty()) {
                    reactions.remove(change.emoji());
                }
            }
        }
        return reactions;
    }

    /** Reading implies delivery: whichever marker is further. */
    private long deliveredUpTo(String userId) {
        ReadMarker read = readMarkers.get(userId);
        return Math.max(deliveryMarkers.getOrDefault(userId, 0L), read == null ? 0 : read.seq());
    }

    private void requireNotDeleted(long seq, String reason) {
        if (deletedMessages.containsKey(seq)) {
            throw ParleyException.validation(reason);
        }
    }

    private static void requireEmoji(String emoji) {
        if (!Emoji.isValid(emoji)) {
            throw ParleyException.validation(
                    "emoji must be 1-" + Emoji.MAX_LENGTH + " characters without whitespace");
        }
    }

    private static String clientKey(String sender, String clientMessageId) {
        return sender + "|" + clientMessageId;
    }

    /** A message exists and was sent after the member joined; anything else is not theirs to see. */
    private void requireVisible(String userId, long seq) {
        if (seq < 1 || seq > lastSeq || seq <= participants.get(userId)) {
            throw ParleyException.notFound("message not found");
        }
    }

    private static List<String> membersOfNewGroup(String creator, List<String> listed, Limits limits) {
        if (listed == null) {
            throw ParleyException.validation("participants is required");
        }
        Set<String> seen = new HashSet<>();
        List<String> members = new ArrayList<>(List.of(creator));
        for (String userId : listed) {
            if (!UserIds.isValid(userId)) {
                throw ParleyException.validation("participants must hold valid user ids");
            }
            if (!seen.add(userId)) {
                throw ParleyException.validation("participant " + userId + " is listed more than once");
            }
            if (!userId.equals(creator)) {
                members.add(userId);
            }
        }
        if (members.size() < 2) {
            throw ParleyException.validation("a group needs at least one participant besides you");
        }
        if (members.size() > limits.maxParticipants()) {
            throw ParleyException.validation("a group has at most " + limits.maxParticipants() + " participants");
        }
        return members;
    }

    private void requireMember(String userId) {
        if (!participants.containsKey(userId)) {
            throw ParleyException.notFound("conversation not found");
        }
    }

    private void requireLive() {
        if (deletedAt != null) {
            throw new ParleyException(ErrorCode.CONVERSATION_DELETED, "the conversation was deleted");
        }
    }

    private void requireGroup() {
        if (!group) {
            throw new ParleyException(ErrorCode.NOT_A_GROUP, "only a group's participants can be changed");
        }
    }

    private ConversationState state(boolean changed) {
        return new ConversationState(conversationId, List.copyOf(participants.keySet()), group, groupName, createdBy,
                createdAt, updatedAt, deletedAt, version, changed);
    }
}
