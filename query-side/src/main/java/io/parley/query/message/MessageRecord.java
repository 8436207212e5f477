package io.parley.query.message;

import io.parley.kernel.message.Reaction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/**
 * A message in the read model. Its {@code _id} is {@code <conversationId>:<seq>}: seqs have no gaps, so a page of
 * history is a computed list of ids, read through the {@code _id} index on any MongoDB (the embedded store keeps no
 * other kind). {@code deletedVersion} is the conversation version whose event deleted it.
 *
 * <p>{@code version} is the conversation version of the last event that changed this message (sent, edited,
 * reacted to): an edit or reaction at or below it was applied before. {@code editCount} says how many edits
 * {@code message_edits} holds for it ({@code <conversationId>:<seq>:<n>}, n from 0, the original, to
 * editCount). {@code reactions} is at most 20 emoji, each with its users in the order they reacted.
 * {@code replyTo} and {@code replyToSeq} name the message it replies to (null and 0 for none).
 */
public record MessageRecord(
        @Id String id,
        String messageId,
        String conversationId,
        long seq,
        String sender,
        String content,
        List<String> attachments,
        String clientMessageId,
        boolean deleted,
        Instant deletedAt,
        long deletedVersion,
        Instant createdAt,
        Instant updatedAt,
        long version,
        boolean edited,
        Instant editedAt,
        int editCount,
        List<Reaction> reactions,
        String replyTo,
        long replyToSeq) {

    public MessageRecord {
        attachments = attachments == null ? List.of() : attachments;
        reactions = reactions == null ? List.of() : reactions;
    }

    public static String key(String conversationId, long seq) {
        return keyPrefix(conversationId) + seq;
    }

    /** What every key of the conversation's messages begins with. */
    public static String keyPrefix(String conversationId) {
        return conversationId + ":";
    }

    /** The reactions with {@code userId} added to (or taken from) {@code emoji} (see {@link Reaction#change}). */
    public List<Reaction> reactionsWith(String emoji, String userId, boolean on) {
        return Reaction.change(reactions, emoji, userId, on);
    }

    public Map<String, List<String>> reactionsByEmoji() {
        Map<String, List<String>> byEmoji = new LinkedHashMap<>();
        reactions.forEach(reaction -> byEmoji.put(reaction.emoji(), reaction.users()));
        return byEmoji;
    }
}
