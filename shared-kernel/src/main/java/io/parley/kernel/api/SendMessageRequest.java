package io.parley.kernel.api;

import java.util.List;

/** The body of {@code POST /api/message} and the payload of the socket's {@code send_message}; {@code replyTo} may be null. */
public record SendMessageRequest(
        String conversationId, String content, List<String> attachments, String clientMessageId, String replyTo) {

    /** A message that replies to nothing. */
    public SendMessageRequest(String conversationId, String content, List<String> attachments,
            String clientMessageId) {
        this(conversationId, content, attachments, clientMessageId, null);
    }
}
