package io.parley.kernel.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes a message. {@code seq} and {@code sender} are the message's own facts, which never change, looked up by
 * the endpoint, so the conversation need not keep every message to judge who may delete one. Whether it is deleted
 * already can change, so the conversation decides that on its own state.
 */
public record DeleteMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String sender,
        String deletedBy) {
}
