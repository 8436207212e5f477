package io.parley.kernel.conversation;

import java.time.Instant;

public record ParticipantAddedEvent(
        String conversationId,
        String userId,
        String addedBy,
        Instant addedAt) implements ConversationEvent {
}
