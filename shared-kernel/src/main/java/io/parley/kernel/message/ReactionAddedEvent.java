package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;

/** {@code userId} now reacts to the message with {@code emoji}; only an actual change is an event. */
public record ReactionAddedEvent(
        String conversationId,
        String messageId,
        long seq,
        String userId,
        String emoji,
        Instant reactedAt) implements ConversationEvent {
}
