package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;

public record MessageDeletedEvent(
        String conversationId,
        String messageId,
        long seq,
        String deletedBy,
        Instant deletedAt) implements ConversationEvent {
}
