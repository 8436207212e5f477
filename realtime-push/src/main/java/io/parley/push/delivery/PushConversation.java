package io.parley.push.delivery;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.realtime.ConversationSummary;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * The push side's own view of a conversation, built from the stream: who receives its events; kept per push node
 * (see {@link PushNode}). {@code version} is the aggregate sequence number of the last event applied, so an event
 * delivered twice is pushed once.
 */
record PushConversation(
        @Id String id,
        List<String> participants,
        boolean group,
        String groupName,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt,
        long version) {

    PushConversation with(List<String> newParticipants, Instant at, long newVersion) {
        return new PushConversation(id, List.copyOf(newParticipants), group, groupName, createdBy, createdAt, at,
                deletedAt, newVersion);
    }

    PushConversation deleted(Instant at, long newVersion) {
        return new PushConversation(id, participants, group, groupName, createdBy, createdAt, at, at, newVersion);
    }

    PushConversation at(long newVersion) {
        return new PushConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                newVersion);
    }

    ConversationSummary summary() {
        return new ConversationSummary(id, participants, group, groupName);
    }

    /** Per-user fields (lastMessage, unreadCount) are the read side's; a client asks GET for them. */
    ConversationView view() {
        return new ConversationView(id, participants, group, groupName, createdBy, createdAt, updatedAt, null, 0,
                deletedAt != null, deletedAt);
    }
}
