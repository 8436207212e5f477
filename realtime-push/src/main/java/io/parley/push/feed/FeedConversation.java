package io.parley.push.feed;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.realtime.ConversationSummary;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * The push side's own view of a conversation, built from the stream: who receives its events. {@code version} is
 * the aggregate sequence number of the last event fanned out; {@code lastSeq} the newest message's seq (where a member
 * added now starts: nothing before it is delivered to them or theirs to read); {@code head} is the number of that
 * conversation's events in the feed stream, and {@code position} the stream position of the last of them (0 and 0
 * before any).
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
        Long lastSeq,
        Long head,
        Long position) {

    /**
     * A state saved before the feed stream existed has no head or position (its conversation has no events there
     * yet), and one saved before replies and receipts existed no last seq.
     */
    FeedConversation {
        lastSeq = lastSeq == null ? 0L : lastSeq;
        head = head == null ? 0L : head;
        position = position == null ? 0L : position;
    }

    FeedConversation with(List<String> newParticipants, Instant at, long newVersion) {
        return new FeedConversation(id, List.copyOf(newParticipants), group, groupName, createdBy, createdAt, at,
                deletedAt, newVersion, lastSeq, head, position);
    }

    FeedConversation deleted(Instant at, long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, at, at, newVersion,
                lastSeq, head, position);
    }

    FeedConversation at(long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                newVersion, lastSeq, head, position);
    }

    FeedConversation sent(long seq, long newVersion) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                newVersion, Math.max(lastSeq, seq), head, position);
    }

    /** Where its part of the feed stream ends now. */
    FeedConversation placed(long newHead, long newPosition) {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                version, lastSeq, newHead, newPosition);
    }

    /** Whether only the version, the last seq and the stream's end differ: what a message's event changes. */
    boolean sameMembersAndNameAs(FeedConversation other) {
        return withoutProgress().equals(other.withoutProgress());
    }

    private FeedConversation withoutProgress() {
        return new FeedConversation(id, participants, group, groupName, createdBy, createdAt, updatedAt, deletedAt,
                0, 0L, 0L, 0L);
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
