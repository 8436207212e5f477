package io.parley.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts the one-to-one conversation between two users, or finds it when it exists already. The id is the one
 * the pair's registry entry names, so a repeat (by either user, or racing) lands on the same aggregate.
 */
public record StartDirectConversationCommand(
        @TargetAggregateIdentifier String conversationId,
        String initiator,
        String otherUser) {
}
