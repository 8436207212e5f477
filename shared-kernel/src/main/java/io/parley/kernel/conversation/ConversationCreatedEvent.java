package io.parley.kernel.conversation;

import java.time.Instant;
import java.util.List;

/** {@code participants} is the whole membership, creator first. {@code groupName} is null for one-to-one. */
public record ConversationCreatedEvent(
        String conversationId,
        String createdBy,
        List<String> participants,
        boolean group,
        String groupName,
        Instant createdAt) implements ConversationEvent {

    public ConversationCreatedEvent {
        participants = List.copyOf(participants);
    }
}
