package io.parley.push.feed;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.realtime.ConversationSummary;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * The push side's own view of a conversation, built from the stream: who receives its events. {@code version} is
 * the aggregate sequence number of the last event fanned out to the members' feeds; {@code lastSeq} the newest
 * message's seq (where a member added now starts: nothing before it is delivered to them or theirs to read).
 */
record FeedConversation(
        @Id String id,
        List<String> participants,
        boolean group,
        String groupName,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt,
        long version,
        long lastSeq) {

    FeedConversation with(List<String> newParticipants, Instant at, long newVersion) {
        return new FeedConversation(id, List.copyOf(newParticipants), group, groupName, createdBy, createdAt, at,
                deletedAt, newVersion, lastSeq);
    }

    FeedConversation deleted(Instant at, long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, at, at, newVersion,
                lastSeq);
    }

    FeedConversation at(long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                newVersion, lastSeq);
    }

    FeedConversation sent(long seq, long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                newVersion, Math.max(lastSeq, seq));
    }

    ConversationSummary summary() {
        return new ConversationSummary(id, participants, group, groupName);
    }

    /** Per-user fields (lastMessage, unreadCount) are the read side's; a client asks GET for them. */
    ConversationView view() {
        return new ConversationView(id, participants, group, groupName, createdBy, createdAt, updatedAt, null, 0,
                deletedAt != null, deletedAt);
    }
}
