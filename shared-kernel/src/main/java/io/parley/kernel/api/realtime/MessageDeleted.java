package io.parley.kernel.api.realtime;

public record MessageDeleted(String messageId, String conversationId) {
}
