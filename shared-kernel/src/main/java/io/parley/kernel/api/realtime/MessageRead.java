package io.parley.kernel.api.realtime;

/** {@code message_read}: {@code readBy} is the one user who read, for the message they marked. */
public record MessageRead(String messageId, String readBy, String conversationId) {
}
