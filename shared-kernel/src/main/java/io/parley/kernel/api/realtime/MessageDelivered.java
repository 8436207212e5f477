package io.parley.kernel.api.realtime;

/** {@code message_delivered}: to the sender's connections, once per user ({@code deliveredTo}) and message. */
public record MessageDelivered(String messageId, String conversationId, String deliveredTo) {
}
