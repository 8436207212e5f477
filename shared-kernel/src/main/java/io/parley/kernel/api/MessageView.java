package io.parley.kernel.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A message as history shows it; a deleted one keeps its place with empty content and attachments. The fields of
 * the second wave ({@code isEdited}, {@code editedAt}, {@code reactions}, {@code replyTo}, {@code deliveredTo}) are
 * always present: false, null or empty while unused.
 */
@JsonPropertyOrder({"_id", "id"})
public record MessageView(
        String id,
        String conversation,
        String sender,
        String content,
        List<String> attachments,
        List<String> readBy,
        long seq,
        String clientMessageId,
        @JsonProperty("isDeleted") boolean isDeleted,
        Instant deletedAt,
        Instant createdAt,
        Instant updatedAt,
        @JsonProperty("isEdited") boolean isEdited,
        Instant editedAt,
        List<ReactionView> reactions,
        ReplyPreview replyTo,
        List<String> deliveredTo) {

    public MessageView {
        attachments = attachments == null ? List.of() : attachments;
        readBy = readBy == null ? List.of() : readBy;
        reactions = reactions == null ? List.of() : reactions;
        deliveredTo = deliveredTo == null ? List.of() : deliveredTo;
    }

    /** A message never edited, reacted to, replying or delivered to anyone (as it is sent). */
    public MessageView(String id, String conversation, String sender, String content, List<String> attachments,
            List<String> readBy, long seq, String clientMessageId, boolean isDeleted, Instant deletedAt,
            Instant createdAt, Instant updatedAt) {
        this(id, conversation, sender, content, attachments, readBy, seq, clientMessageId, isDeleted, deletedAt,
                createdAt, updatedAt, false, null, List.of(), null, List.of());
    }

    @JsonProperty("_id")
    public String mongoId() {
        return id;
    }
}
