package io.parley.kernel.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves the user's delivery marker up to {@code seq} (the message's own), never back; a read marker counts too. */
public record MarkDeliveredCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String userId) {
}
