package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;

/** The sender replaced the message's content; every earlier version stays in the log (and in its edit history). */
public record MessageEditedEvent(
        String conversationId,
        String messageId,
        long seq,
        String editedBy,
        String content,
        Instant editedAt) implements ConversationEvent {
}
