package io.parley.kernel.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The answer to a successful {@code DELETE}: {@code { id, isDeleted: true, deletedAt }}. */
public record DeletionView(String id, @JsonProperty("isDeleted") boolean isDeleted, Instant deletedAt) {

    public static DeletionView of(String id, Instant deletedAt) {
        return new DeletionView(id, true, deletedAt);
    }
}
