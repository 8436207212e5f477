package io.parley.query.message;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.data.annotation.Id;

/** One version of an edited message, under {@code <conversationId>:<seq>:<n>} (n = 0 is the original). */
record EditRecord(@Id String key, String content, Instant editedAt) {

    static String key(String conversationId, long seq, int n) {
        return MessageRecord.key(conversationId, seq) + ":" + n;
    }

    /** The keys of every version of a message edited {@code editCount} times, oldest first. */
    static List<String> keys(String conversationId, long seq, int editCount) {
        return IntStream.rangeClosed(0, editCount).mapToObj(n -> key(conversationId, seq, n)).toList();
    }
}
