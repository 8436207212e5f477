package io.parley.kernel.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** A message as history shows it; a deleted one keeps its place with empty content and attachments. */
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
        Instant updatedAt) {

    @JsonProperty("_id")
    public String mongoId() {
        return id;
    }
}
