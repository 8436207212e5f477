package io.parley.kernel.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

@JsonPropertyOrder({"_id", "id"})
public record AttachmentView(
        String id, String name, String contentType, long size, String uploadedBy, Instant createdAt) {

    @JsonProperty("_id")
    public String mongoId() {
        return id;
    }
}
