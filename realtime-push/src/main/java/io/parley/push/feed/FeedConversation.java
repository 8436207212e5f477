package io.parley.push.feed;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.realtime.ConversationSummary;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * The push side's own view of a conversation, built from the stream: who receives its events. {@code version} is
 * the aggregate sequence number of the last event fanned out; {@code head} is the number of that conversation's
 * events in the feed stream, and {@code position} the stream position of the last of them (0 and 0 before any).
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
        Long head,
        Long position) {

    /** A state saved before the feed stream existed has neither: its conversation has no events there yet. */
    FeedConversation {
        head = head == null ? 0L : head;
        position = position == null ? 0L : position;
    }

    FeedConversation with(List<String> newParticipants, Instant at, long newVersion) {
        return new FeedConversation(id, List.copyOf(newParticipants), group, groupName, createdBy, createdAt, at,
                deletedAt, newVersion, head, position);
    }

    FeedConversation deleted(Instant at, long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, at, at, newVersion,
                head, position);
    }

    FeedConversation at(long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                newVersion, head, position);
    }

    /** Where its part of the feed stream ends now. */
    FeedConversation placed(long newHead, long newPosition) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                version, newHead, newPosition);
    }

    /** Whether only the version and the stream's end differ: what a message's event changes. */
    boolean sameMembersAndNameAs(FeedConversation other) {
        return at(0).placed(0, 0).equals(other.at(0).placed(0, 0));
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
