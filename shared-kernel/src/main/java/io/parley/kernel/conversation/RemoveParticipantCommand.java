package io.parley.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a member from a group; {@code removedBy == userId} is a member leaving. */
public record RemoveParticipantCommand(
        @TargetAggregateIdentifier String conversationId,
        String removedBy,
        String userId) {
}
