package io.parley.kernel.api;

import java.time.Instant;

/** The answer to {@code PUT /api/message/read/:messageId}: {@code readBy} is the caller. */
public record ReadReceiptView(String messageId, String conversationId, String readBy, Instant readAt) {
}
