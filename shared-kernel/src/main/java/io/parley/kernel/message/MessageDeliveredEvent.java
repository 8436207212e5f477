package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;

/**
 * The message at {@code seq}, and every earlier one, reached one of {@code userId}'s devices; one event per mark
 * that moves the user's delivery marker forward. A {@link MessageReadEvent} implies delivery too.
 */
public record MessageDeliveredEvent(
        String conversationId,
        String messageId,
        long seq,
        String userId,
        Instant deliveredAt) implements ConversationEvent {
}
