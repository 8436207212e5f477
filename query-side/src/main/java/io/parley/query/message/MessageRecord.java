package io.parley.query.message;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * A message in the read model. Its {@code _id} is {@code <conversationId>:<seq>}: seqs have no gaps, so a page of
 * history is a computed list of ids, read through the {@code _id} index on any MongoDB (the embedded store keeps no
 * other kind). {@code deletedVersion} is the conversation version whose event deleted it.
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
        Instant updatedAt) {

    public static String key(String conversationId, long seq) {
        return keyPrefix(conversationId) + seq;
    }

    /** What every key of the conversation's messages begins with. */
    public static String keyPrefix(String conversationId) {
        return conversationId + ":";
    }
}
