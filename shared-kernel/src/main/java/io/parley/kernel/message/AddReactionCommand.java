package io.parley.kernel.message;

import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code userId} reacts to the message with {@code emoji}. {@code known} is the message's reactions (emoji to the
 * users reacting with it) as the read model had them once it had applied the conversation's events up to
 * {@code knownVersion}; the conversation brings them up to date with the reactions it applied since, so it judges
 * the limit of distinct emoji and whether anything changes without keeping every message's reactions.
 */
public record AddReactionCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String userId,
        String emoji,
        Map<String, List<String>> known,
        long knownVersion) {

    public AddReactionCommand {
        known = known == null ? Map.of() : Map.copyOf(known);
    }
}
