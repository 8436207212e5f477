package io.parley.kernel.api;

/** The body of {@code PATCH /api/message/:messageId}. */
public record EditMessageRequest(String content) {
}
