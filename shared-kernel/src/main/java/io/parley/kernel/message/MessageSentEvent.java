package io.parley.kernel.message;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Instant;
import java.util.List;

/**
 * {@code seq} is 1, 2, 3... per conversation, with no gap and no repeat. {@code replyTo} is the id of an earlier
 * message of the same conversation, or null; events stored before replies existed read back with null.
 */
public record MessageSentEvent(
        String conversationId,
        String messageId,
        long seq,
        String sender,
        String content,
        List<String> attachments,
        String clientMessageId,
        Instant sentAt,
        String replyTo) implements ConversationEvent {

    public MessageSentEvent {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message that replies to nothing. */
    public MessageSentEvent(String conversationId, String messageId, long seq, String sender, String content,
            List<String> attachments, String clientMessageId, Instant sentAt) {
        this(conversationId, messageId, seq, sender, content, attachments, clientMessageId, sentAt, null);
    }
}
