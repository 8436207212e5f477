package io.parley.command.history;

import io.parley.kernel.api.MessageView;
import java.time.Instant;
import java.util.List;

/** A page of history at {@code at}, newest first, paged as {@code GET /api/message} is. */
public record HistoricalPage(List<MessageView> messages, boolean hasMore, Instant at, long eventSequence) {
}
