package io.parley.query.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.kernel.error.ParleyException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationCursorTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00.123Z");

    private static ConversationRecord at(String id, Instant updatedAt) {
        return new ConversationRecord(id, List.of("alice"), true, null, "alice", T, updatedAt, false, null, 0, 0, 0,
                List.of());
    }

    @Test
    void canPageThroughConversationsOfTheSameMillisecond() {
        // a cursor's id part is a conversation id: 24 hex characters
        String a1 = "0".repeat(22) + "a1";
        String a2 = "0".repeat(22) + "a2";
        String a3 = "0".repeat(22) + "a3";
        List<ConversationRecord> sameMoment = List.of(at(a1, T), at(a3, T), at(a2, T));
        List<ConversationRecord> ordered = sameMoment.stream().sorted(ConversationCursor.NEWEST_FIRST).toList();
        assertThat(ordered).extracting(ConversationRecord::id).containsExactly(a3, a2, a1);

        ConversationCursor afterFirst = ConversationCursor.parse(T + "_" + a3);
        assertThat(ordered.stream().filter(afterFirst::isAfter)).extracting(ConversationRecord::id)
                .containsExactly(a2, a1);
    }

    @Test
    void canUseAPlainTimeAsBefore() {
        ConversationCursor cursor = ConversationCursor.parse(T.toString());
        assertThat(cursor.isAfter(at("x", T.minusMillis(1)))).isTrue();
        assertThat(cursor.isAfter(at("x", T))).isFalse();
    }

    @Test
    void cannotParseAnIdPartThatIsNoId() {
        assertThatThrownBy(() -> ConversationCursor.parse(T + "_zz")).isInstanceOf(ParleyException.class);
    }

    @Test
    void cannotParseSomethingElse() {
        assertThatThrownBy(() -> ConversationCursor.parse("yesterday")).isInstanceOf(ParleyException.class);
    }
}
