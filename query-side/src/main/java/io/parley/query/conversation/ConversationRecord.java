package io.parley.query.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;

/**
 * A conversation in the read model, with what each member's view of it needs. {@code version} is the aggregate
 * sequence number of the last event applied: the guard that makes re-delivered events harmless and lets a command
 * endpoint wait for its own write. {@code lastSeq} is the newest message's seq; {@code lastMessageSeq} the newest
 * one not deleted (0 for none).
 */
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
        long version,
        long lastSeq,
        long lastMessageSeq,
        List<Member> members) {

    /**
     * A current member: sees the messages after {@code visibleAfter}, has read up to {@code marker}, and has
     * {@code unread} messages of others after it that are not deleted. {@code delivered} is their delivery marker:
     * the messages up to it (and up to {@code marker}: reading implies delivery) reached one of their devices.
     */
    public record Member(String userId, long visibleAfter, long marker, Instant readAt, long unread, long delivered) {

        public Member(String userId, long visibleAfter, long marker, Instant readAt, long unread) {
            this(userId, visibleAfter, marker, readAt, unread, 0);
        }

        public Member withUnread(long count) {
            return new Member(userId, visibleAfter, marker, readAt, count, delivered);
        }

        public Member deliveredUpTo(long seq) {
            return new Member(userId, visibleAfter, marker, readAt, unread, Math.max(delivered, seq));
        }

        /** How far messages reached this member: the further of the delivery and the read marker. */
        public long deliveredOrRead() {
            return Math.max(delivered, marker);
        }
    }

    public ConversationRecord {
        members = members == null ? List.of() : members;
    }

    public Optional<Member> member(String userId) {
        return members.stream().filter(member -> member.userId().equals(userId)).findFirst();
    }

    /** Live and the user a member of it. */
    public boolean visibleTo(String userId) {
        return !deleted && participants.contains(userId);
    }

    /** The users other than the sender who have {@code seq} delivered (or read), in membership order. */
    public List<String> deliveredTo(long seq, String sender) {
        return members.stream()
                .filter(member -> !member.userId().equals(sender) && member.deliveredOrRead() >= seq)
                .map(Member::userId)
                .toList();
    }

    /** The users other than the sender whose marker is at or past {@code seq}, in membership order. */
    public List<String> readBy(long seq, String sender) {
        return members.stream()
                .filter(member -> !member.userId().equals(sender) && member.marker() >= seq)
                .map(Member::userId)
                .toList();
    }
}
