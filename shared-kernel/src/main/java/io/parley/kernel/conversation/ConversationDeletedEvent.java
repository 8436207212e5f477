package io.parley.kernel.conversation;

import java.time.Instant;

public record ConversationDeletedEvent(
        String conversationId,
        String deletedBy,
        Instant deletedAt) implements ConversationEvent {
}
