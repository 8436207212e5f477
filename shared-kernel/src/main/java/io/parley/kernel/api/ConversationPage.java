package io.parley.kernel.api;

import java.util.List;

/** {@code GET /api/conversation}: most recent activity first. */
public record ConversationPage(List<ConversationView> conversations, boolean hasMore) {
}
