package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;

/** {@code userId} took back their {@code emoji} reaction; only an actual change is an event. */
public record ReactionRemovedEvent(
        String conversationId,
        String messageId,
        long seq,
        String userId,
        String emoji,
        Instant removedAt) implements ConversationEvent {
}
