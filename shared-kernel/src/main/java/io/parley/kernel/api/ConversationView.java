package io.parley.kernel.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** A conversation as one caller sees it ({@code unreadCount} is that caller's). */
@JsonPropertyOrder({"_id", "id"})
public record ConversationView(
        String id,
        List<String> participants,
        @JsonProperty("isGroup") boolean isGroup,
        String groupName,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        MessageView lastMessage,
        long unreadCount,
        @JsonProperty("isDeleted") boolean isDeleted,
        Instant deletedAt) {

    @JsonProperty("_id")
    public String mongoId() {
        return id;
    }
}
