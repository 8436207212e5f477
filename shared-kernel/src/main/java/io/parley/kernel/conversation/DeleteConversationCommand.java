package io.parley.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteConversationCommand(
        @TargetAggregateIdentifier String conversationId,
        String deletedBy) {
}
