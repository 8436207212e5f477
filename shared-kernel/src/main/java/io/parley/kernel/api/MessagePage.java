package io.parley.kernel.api;

import java.util.List;

/** {@code GET /api/message/:conversationId}: newest first, or oldest first when paging with {@code after}. */
public record MessagePage(List<MessageView> messages, boolean hasMore) {
}
