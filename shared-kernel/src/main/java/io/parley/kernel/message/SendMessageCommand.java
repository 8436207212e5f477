package io.parley.kernel.message;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code attachments} are ids the sender uploaded (checked before the command); {@code clientMessageId} may be
 * null.
 */
public record SendMessageCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        String sender,
        String content,
        List<String> attachments,
        String clientMessageId) {
}
