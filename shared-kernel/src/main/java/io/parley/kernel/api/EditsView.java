package io.parley.kernel.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/message/:messageId/edits}: every version, oldest first; the first is the original. */
public record EditsView(List<Edit> edits) {

    public record Edit(String content, Instant editedAt) {
    }
}
