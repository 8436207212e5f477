package io.parley.command.conversation;

import java.time.Instant;

/**
 * What a message command answers: the message and seq it concerned, when it happened ({@code sentAt},
 * {@code deletedAt} or the reader's {@code readAt}), the conversation's version after it, and whether the
 * command changed anything (false for a retry with a known clientMessageId, or a read marker already past).
 */
public record MessageReceipt(String messageId, long seq, Instant at, long version, boolean changed) {
}
