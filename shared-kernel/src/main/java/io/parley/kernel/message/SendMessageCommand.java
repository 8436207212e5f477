package io.parley.kernel.message;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code attachments} are ids the sender uploaded (checked before the command); {@code clientMessageId} may be
 * null. {@code replyTo} is the id of the message replied to, or null; {@code replyToSeq} and
 * {@code replyToConversationId} are that message's fixed facts as the endpoint found them (0 and null when
 * {@code replyTo} names no message at all), so the conversation judges whether the sender may see it.
 */
public record SendMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        String sender,
        String content,
        List<String> attachments,
        String clientMessageId,
        String replyTo,
        String replyToConversationId,
        long replyToSeq) {

    /** A message that replies to nothing. */
    public SendMessageCommand(String conversationId, String messageId, String sender, String content,
            List<String> attachments, String clientMessageId) {
        this(conversationId, messageId, sender, content, attachments, clientMessageId, null, null, 0);
    }
}
