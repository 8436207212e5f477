package io.parley.kernel.conversation;

import java.time.Instant;

/** {@code removedBy == userId} when the member left. */
public record ParticipantRemovedEvent(
        String conversationId,
        String userId,
        String removedBy,
        Instant removedAt) implements ConversationEvent {
}
