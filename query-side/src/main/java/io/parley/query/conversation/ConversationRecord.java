package io.parley.query.conversation;

import io.parley.kernel.api.ConversationView;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A conversation in the read model. {@code version} is the sequence number of the last event applied, the guard
 * that makes re-delivered events harmless and lets a command endpoint wait for its own write.
 */
@Document(ConversationRecord.COLLECTION)
public record ConversationRecord(
        @Id String id,
        List<String> participants,
        boolean group,
        String groupName,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        boolean deleted,
        Instant deletedAt,
        long version) {

    public static final String COLLECTION = "conversations";

    ConversationView toView(String viewer) {
        return new ConversationView(id, participants, group, groupName, createdBy, createdAt, updatedAt,
                null, 0, deleted, deletedAt);
    }

    boolean visibleTo(String userId) {
        return !deleted && participants.contains(userId);
    }
}
