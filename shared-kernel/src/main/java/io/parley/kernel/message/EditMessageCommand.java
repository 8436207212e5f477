package io.parley.kernel.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces a message's content. {@code seq} and {@code sender} are the message's fixed facts looked up by the
 * endpoint (as for {@link DeleteMessageCommand}); whether it is deleted the conversation decides on its own state.
 */
public record EditMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String sender,
        String editedBy,
        String content) {
}
