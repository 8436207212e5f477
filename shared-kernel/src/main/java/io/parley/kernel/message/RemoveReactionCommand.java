package io.parley.kernel.message;

import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code userId} takes back their {@code emoji} reaction; {@code known} as for {@link AddReactionCommand}. */
public record RemoveReactionCommand(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String userId,
        String emoji,
        Map<String, List<String>> known,
        long knownVersion) {

    public RemoveReactionCommand {
        known = known == null ? Map.of() : Map.copyOf(known);
    }
}
