package io.parley.kernel.api.realtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The conversation as {@code new_message} carries it: {@code { _id, id, participants, isGroup, groupName }}. */
@JsonPropertyOrder({"_id", "id"})
public record ConversationSummary(
        String id, List<String> participants, @JsonProperty("isGroup") boolean isGroup, String groupName) {

    @JsonProperty("_id")
    public String mongoId() {
        return id;
    }
}
