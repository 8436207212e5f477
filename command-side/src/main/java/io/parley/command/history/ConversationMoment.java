package io.parley.command.history;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * What a conversation was after one of its events: the fold of its events in order, one {@link #apply} each. Holds
 * the conversation's own facts and each member's read and delivery markers (what {@code readBy} and
 * {@code deliveredTo} of every message follow from), never its messages: their state is
 * {@link MessageMoment}'s. The rules are the read model's: a member added later counts as having read and received
 * everything before they joined, the sender's marker does not move by sending, a removed member drops out of every
 * message's {@code readBy}. Small (members times two numbers), so it is also what a checkpoint stores.
 */
final class ConversationMoment {

    /** A member's markers: every message up to {@code read} is read by them, up to {@code delivered} received. */
    record Markers(long read, long delivered) {
    }

    private final String conversationId;
    private String createdBy;
    private Instant createdAt;
    private boolean group;
    private String groupName;
    private boolean deleted;
    private Instant deletedAt;
    private long lastSeq;
    private long eventSequence = -1;
    private Instant eventTimestamp;
    /** Current members in membership order (the creator first), each with their markers. */
    private final LinkedHashMap<String, Markers> members = new LinkedHashMap<>();

    ConversationMoment(String conversationId) {
        this.conversationId = conversationId;
    }

    /** The event numbered {@code sequence} in the conversation's stream, stored at {@code timestamp}. */
    void apply(Object payload, long sequence, Instant timestamp) {
        if (payload instanceof ConversationCreatedEvent created) {
            createdBy = created.createdBy();
            createdAt = created.createdAt();
            group = created.group();
            groupName = created.groupName();
            created.participants().forEach(userId -> members.putIfAbsent(userId, new Markers(0, 0)));
        } else if (payload instanceof ParticipantAddedEvent added) {
            members.putIfAbsent(added.userId(), new Markers(lastSeq, lastSeq));
        } else if (payload instanceof ParticipantRemovedEvent removed) {
            members.remove(removed.userId());
        } else if (payload instanceof ConversationDeletedEvent gone) {
            deleted = true;
            deletedAt = gone.deletedAt();
        } else if (payload instanceof MessageSentEvent sent) {
            lastSeq = Math.max(lastSeq, sent.seq());
        } else if (payload instanceof MessageReadEvent read) {
            members.computeIfPresent(read.reader(),
                    (user, markers) -> new Markers(Math.max(markers.read(), read.seq()), markers.delivered()));
        } else if (payload instanceof MessageDeliveredEvent delivered) {
            members.computeIfPresent(delivered.userId(),
                    (user, markers) -> new Markers(markers.read(), Math.max(markers.delivered(), delivered.seq())));
        }
        // edits, reactions and deletions of messages change no conversation-wide fact
        eventSequence = sequence;
        eventTimestamp = timestamp;
    }

    String conversationId() {
        return conversationId;
    }

    /** Its stream began with a conversation's creation (every conversation's does). */
    boolean created() {
        return createdAt != null;
    }

    long eventSequence() {
        return eventSequence;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** The members other than the sender who had read the message at {@code seq}, in membership order. */
    List<String> readBy(long seq, String sender) {
        List<String> users = new ArrayList<>();
        members.forEach((user, markers) -> {
            if (!user.equals(sender) && markers.read() >= seq) {
                users.add(user);
            }
        });
        return users;
    }

    /** The members other than the sender who had received it; reading it counts as receiving it. */
    List<String> deliveredTo(long seq, String sender) {
        List<String> users = new ArrayList<>();
        members.forEach((user, markers) -> {
            if (!user.equals(sender) && Math.max(markers.read(), markers.delivered()) >= seq) {
                users.add(user);
            }
        });
        return users;
    }

    HistoricalConversation view(Instant at) {
        return new HistoricalConversation(conversationId, at, List.copyOf(members.keySet()), group, groupName,
                createdBy, createdAt, deleted, deletedAt, lastSeq, eventSequence, eventTimestamp);
    }

    Document toDocument() {
        List<Document> memberDocuments = new ArrayList<>(members.size());
        members.forEach((user, markers) -> memberDocuments.add(new Document("userId", user)
                .append("read", markers.read()).append("delivered", markers.delivered())));
        return new Document("conversationId", conversationId)
                .append("createdBy", createdBy)
                .append("createdAt", date(createdAt))
                .append("group", group)
                .append("groupName", groupName)
                .append("deleted", deleted)
                .append("deletedAt", date(deletedAt))
                .append("lastSeq", lastSeq)
                .append("eventSequence", eventSequence)
                .append("eventTimestamp", date(eventTimestamp))
                .append("members", memberDocuments);
    }

    static ConversationMoment fromDocument(Document document) {
        ConversationMoment moment = new ConversationMoment(document.getString("conversationId"));
        moment.createdBy = document.getString("createdBy");
        moment.createdAt = instant(document.getDate("createdAt"));
        moment.group = document.getBoolean("group", false);
        moment.groupName = document.getString("groupName");
        moment.deleted = document.getBoolean("deleted", false);
        moment.deletedAt = instant(document.getDate("deletedAt"));
        moment.lastSeq = number(document, "lastSeq");
        moment.eventSequence = number(document, "eventSequence");
        moment.eventTimestamp = instant(document.getDate("eventTimestamp"));
        for (Document member : document.getList("members", Document.class, List.of())) {
            moment.members.put(member.getString("userId"),
                    new Markers(number(member, "read"), number(member, "delivered")));
        }
        return moment;
    }

    /** For tests: the members and their markers. */
    Map<String, Markers> members() {
        return Map.copyOf(members);
    }

    private static long number(Document document, String key) {
        Object value = document.get(key);
        return value instanceof Number number ? number.longValue() : 0L;
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
