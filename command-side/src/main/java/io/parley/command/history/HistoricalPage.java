package io.parley.command.history;

import java.time.Instant;
import java.util.List;

/** A page of history at {@code at}, newest first, paged as {@code GET /api/message} is. */
public record HistoricalPage(List<HistoricalMessage> messages, boolean hasMore, Instant at, long eventSequence) {
}
