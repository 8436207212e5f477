package io.parley.kernel.message;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes a message. {@code seq}, {@code sender} and {@code deletedAt} (null while it is not deleted) are the
 * message's own facts, looked up by the endpoint, so the conversation need not keep every message to judge who may
 * delete one, and a repeated delete is answered without a second deletion.
 */
public record DeleteMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String sender,
        String deletedBy,
        Instant deletedAt) {
}
