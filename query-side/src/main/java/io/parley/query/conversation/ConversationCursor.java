package io.parley.query.conversation;

import io.parley.kernel.Ids;
import io.parley.kernel.error.ParleyException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Where the previous page of a conversation list ended: its last conversation's {@code updatedAt}, and its id when
 * the client sends {@code <updatedAt>_<id>}, which orders conversations active in the same millisecond.
 */
record ConversationCursor(Instant updatedAt, String id) {

    static final Comparator<ConversationRecord> NEWEST_FIRST = Comparator
            .comparing(ConversationRecord::updatedAt)
            .thenComparing(ConversationRecord::id)
            .reversed();

    static ConversationCursor parse(String before) {
        int separator = before.indexOf('_');
        String time = separator < 0 ? before : before.substring(0, separator);
        String id = separator < 0 ? null : before.substring(separator + 1);
        try {
            if (id == null || Ids.isValid(id)) {
                return new ConversationCursor(Instant.parse(time), id);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ParleyException.validation("parameter 'before' must be the updatedAt of the last conversation, "
                + "optionally followed by _ and its id");
    }

    /** Whether {@code record} comes after this position, newest first. */
    boolean isAfter(ConversationRecord record) {
        int byTime = record.updatedAt().compareTo(updatedAt);
        return byTime < 0 || (byTime == 0 && id != null && record.id().compareTo(id) < 0);
    }
}
