package io.parley.command.conversation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.parley.command.Limits;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A conversation: who is in it, whether it is a group, and whether it still exists. Its rules decide who may
 * change the membership and delete it. A member of a deleted conversation hears {@code conversation_deleted};
 * anyone else hears {@code not_found}, so the existence of other people's conversations never leaks.
 */
@Aggregate
class ConversationAggregate {

    @AggregateIdentifier
    private String conversationId;
    private final Set<String> participants = new LinkedHashSet<>();
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
        String name = command.groupName() == null ? null : command.groupName().trim();
        if (name != null && (name.isEmpty() || name.length() > limits.maxGroupNameLength())) {
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
        if (participants.contains(command.userId())) {
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
        if (!participants.contains(command.userId())) {
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

    @EventSourcingHandler
    void on(ConversationCreatedEvent event, @SequenceNumber long sequence) {
        conversationId = event.conversationId();
        participants.addAll(event.participants());
        group = event.group();
        groupName = event.groupName();
        createdBy = event.createdBy();
        createdAt = event.createdAt();
        updatedAt = event.createdAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ParticipantAddedEvent event, @SequenceNumber long sequence) {
        participants.add(event.userId());
        updatedAt = event.addedAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ParticipantRemovedEvent event, @SequenceNumber long sequence) {
        participants.remove(event.userId());
        updatedAt = event.removedAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationDeletedEvent event, @SequenceNumber long sequence) {
        deletedAt = event.deletedAt();
        updatedAt = event.deletedAt();
        version = sequence;
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
        if (!participants.contains(userId)) {
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
        return new ConversationState(conversationId, List.copyOf(participants), group, groupName, createdBy,
                createdAt, updatedAt, deletedAt, version, changed);
    }
}
