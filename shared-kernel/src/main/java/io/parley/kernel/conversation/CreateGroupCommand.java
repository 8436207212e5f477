package io.parley.kernel.conversation;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a group; {@code participants} are the others as the client listed them (the creator may be among them). */
public record CreateGroupCommand(
        @TargetAggregateIdentifier String conversationId,
        String createdBy,
        List<String> participants,
        String groupName) {
}
