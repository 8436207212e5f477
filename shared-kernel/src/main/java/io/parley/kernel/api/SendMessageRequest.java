package io.parley.kernel.api;

import java.util.List;

/** The body of {@code POST /api/message} and the payload of the socket's {@code send_message}. */
public record SendMessageRequest(
        String conversationId, String content, List<String> attachments, String clientMessageId) {
}
