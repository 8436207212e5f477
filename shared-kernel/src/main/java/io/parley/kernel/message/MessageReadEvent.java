package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;

/** The reader has read every message up to {@code seq}; one event per mark, for the message marked. */
public record MessageReadEvent(
        String conversationId,
        String messageId,
        long seq,
        String reader,
        Instant readAt) implements ConversationEvent {
}
