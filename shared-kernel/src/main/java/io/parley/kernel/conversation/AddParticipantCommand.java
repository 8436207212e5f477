package io.parley.kernel.conversation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddParticipantCommand(
        @TargetAggregateIdentifier String conversationId,
        String addedBy,
        String userId) {
}
