package io.parley.command.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A message as history showed it at an instant: exactly the fields of API.md's Message, the second wave's
 * included. Its own record rather than the kernel's {@code MessageView}, which the edit and reaction features are
 * growing at the same time; the two have the same JSON shape and may become one.
 */
@JsonPropertyOrder({"_id", "id"})
public record HistoricalMessage(
        String id,
        String conversation,
        String sender,
        String content,
        List<String> attachments,
        List<String> readBy,
        List<String> deliveredTo,
        long seq,
        String clientMessageId,
        @JsonProperty("isDeleted") boolean isDeleted,
        Instant deletedAt,
        @JsonProperty("isEdited") boolean isEdited,
        Instant editedAt,
        List<Reaction> reactions,
        ReplyTo replyTo,
        Instant createdAt,
        Instant updatedAt) {

    @JsonProperty("_id")
    public String mongoId() {
        return id;
    }

    /** One emoji on a message: its users in the order they reacted. */
    public record Reaction(String emoji, int count, List<String> users) {
    }

    /** The message replied to, as it was at the same instant: its first 200 characters, empty once deleted. */
    public record ReplyTo(String id, String sender, String content, @JsonProperty("isDeleted") boolean isDeleted) {
    }
}
