package io.parley.command.conversation;

import io.parley.kernel.api.ConversationView;
import java.time.Instant;
import java.util.List;

/**
 * What a conversation command handler answers: the aggregate's state after the command, its version (the
 * sequence number of its last event) and whether the command changed anything.
 */
public record ConversationState(
        String conversationId,
        List<String> participants,
        boolean group,
        String groupName,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt,
        long version,
        boolean changed) {

    /** The client's view when the read model has not caught up yet; lastMessage and unreadCount are the read side's. */
    public ConversationView toView() {
        return new ConversationView(conversationId, participants, group, groupName, createdBy, createdAt, updatedAt,
                null, 0, deletedAt != null, deletedAt);
    }
}
