package io.parley.command.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as it was at {@code at}: the fold of its events up to and including the one numbered
 * {@code eventSequence} (the last stored at or before {@code at}, stamped {@code eventTimestamp}).
 */
@JsonPropertyOrder({"_id", "id", "at"})
public record HistoricalConversation(
        String id,
        Instant at,
        List<String> participants,
        @JsonProperty("isGroup") boolean isGroup,
        String groupName,
        String createdBy,
        Instant createdAt,
        @JsonProperty("isDeleted") boolean isDeleted,
        Instant deletedAt,
        long lastSeq,
        long eventSequence,
        Instant eventTimestamp) {

    @JsonProperty("_id")
    public String mongoId() {
        return id;
    }
}
