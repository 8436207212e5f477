package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;
import java.util.List;

/** {@code seq} is 1, 2, 3... per conversation, with no gap and no repeat. */
public record MessageSentEvent(
        String conversationId,
        String messageId,
        long seq,
        String sender,
        String content,
        List<String> attachments,
        String clientMessageId,
        Instant sentAt) implements ConversationEvent {

    public MessageSentEvent {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
