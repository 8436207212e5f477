package io.parley.kernel.api;

import java.util.List;

/** The answer to {@code PUT} and {@code DELETE /api/message/:messageId/reactions/:emoji}. */
public record ReactionsView(String messageId, String conversationId, List<ReactionView> reactions) {
}
