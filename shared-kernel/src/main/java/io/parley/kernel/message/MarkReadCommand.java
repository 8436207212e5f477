package io.parley.kernel.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves the reader's marker up to {@code seq} (the message's own), never back. */
public record MarkReadCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String reader) {
}
