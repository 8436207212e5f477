package io.parley.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.query.ReadModel;
import io.parley.query.conversation.ConversationProjection;
import io.parley.query.conversation.ConversationRecord.Member;
import io.parley.query.conversation.ConversationRecord;
import io.parley.testing.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Unread counts, read markers and tombstones are exact, and stay exact when every event arrives twice. */
class MessageProjectionTest {

    private static final String ID = "650000000000000000000001";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoTemplate mongo;
    private ReadModel model;
    private ConversationProjection conversations;
    private MessageProjection messages;

    @BeforeEach
    void setUp() {
        mongo = inMemoryMongo.template();
        writeTo(new ReadModel(mongo, 1));
    }

    private void writeTo(ReadModel target) {
        model = target;
        conversations = new ConversationProjection(() -> target);
        messages = new MessageProjection(() -> target);
    }

    private static MessageSentEvent sent(long seq, String sender) {
        return new MessageSentEvent(ID, "66000000000000000000000" + seq, seq, sender, "m" + seq, List.of(), null,
                T0.plusSeconds(seq));
    }

    /** alice, bob; bob 1, alice 2; carol joins; bob 3, bob 4; alice reads 3; bob deletes 4. */
    private void applyHistory(int times) {
        for (int i = 0; i < times; i++) {
            conversations.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0);
        }
        List<Runnable> events = List.of(
                () -> messages.on(sent(1, "bob"), 1),
                () -> messages.on(sent(2, "alice"), 2),
                () -> conversations.on(new ParticipantAddedEvent(ID, "carol", "alice", T0.plusSeconds(2)), 3),
                () -> messages.on(sent(3, "bob"), 4),
                () -> messages.on(sent(4, "bob"), 5),
                () -> messages.on(new MessageReadEvent(ID, "660000000000000000000003", 3, "alice", T0.plusSeconds(5)), 6),
                () -> messages.on(new MessageDeletedEvent(ID, "660000000000000000000004", 4, "bob", T0.plusSeconds(6)), 7));
        for (Runnable event : events) {
            for (int i = 0; i < times; i++) {
                event.run();
            }
        }
    }

    private ConversationRecord conversation() {
        return model.conversations().find(ID).orElseThrow();
    }

    private List<MessageRecord> allMessages() {
        return mongo.findAll(MessageRecord.class, model.collection(ReadModel.MESSAGES));
    }

    private Map<String, Member> members() {
        return conversation().members().stream()
                .collect(Collectors.toMap(Member::userId, Function.identity()));
    }

    @Test
    void canCountUnreadAndReadersExactly() {
        applyHistory(1);
        Map<String, Member> members = members();
        assertThat(members.get("alice").unread()).as("alice read up to 3; 4 is deleted").isZero();
        assertThat(members.get("alice").marker()).isEqualTo(3);
        assertThat(members.get("bob").unread()).as("alice's 2").isEqualTo(1);
        assertThat(members.get("carol").unread()).as("bob's 3 (4 deleted, 1-2 before carol joined)").isEqualTo(1);
        assertThat(members.get("carol").visibleAfter()).isEqualTo(2);

        ConversationRecord conversation = conversation();
        assertThat(conversation.lastSeq()).isEqualTo(4);
        assertThat(conversation.lastMessageSeq()).as("4 is deleted").isEqualTo(3);
        assertThat(conversation.readBy(3, "bob")).containsExactly("alice");
        MessageRecord tombstone = model.messages().find(ID, 4).orElseThrow();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.content()).isEmpty();
    }

    @Test
    void canApplyEveryEventTwiceWithoutChange() {
        applyHistory(1);
        ConversationRecord once = conversation();
        List<MessageRecord> onceMessages = allMessages();
        mongo.getDb().drop();

        applyHistory(2);

        assertThat(conversation()).isEqualTo(once);
        assertThat(allMessages()).containsExactlyInAnyOrderElementsOf(onceMessages);
    }

    @Test
    void canBuildTheSameReadModelIntoANewGenerationBesideTheLiveOne() {
        applyHistory(1);
        ConversationRecord live = conversation();
        List<MessageRecord> liveMessages = allMessages();

        writeTo(new ReadModel(mongo, 2));
        applyHistory(2);

        assertThat(model.collection(ReadModel.MESSAGES)).isEqualTo("messages_g2");
        assertThat(conversation()).isEqualTo(live);
        assertThat(allMessages()).containsExactlyInAnyOrderElementsOf(liveMessages);
        for (String base : ReadModel.COLLECTIONS) {
            assertThat(mongo.getCollection(model.collection(base)).countDocuments())
                    .as("generation 2's %s matches generation 1's", base)
                    .isEqualTo(mongo.getCollection(base).countDocuments());
        }
        writeTo(new ReadModel(mongo, 1));
        assertThat(conversation()).as("the live generation is untouched").isEqualTo(live);
    }

    @Test
    void cannotCountALaterDeletionOfTheSameMessageTwice() {
        applyHistory(1);
        messages.on(new MessageDeletedEvent(ID, "660000000000000000000004", 4, "bob", T0.plusSeconds(9)), 8);
        assertThat(members().get("carol").unread()).isEqualTo(1);
        assertThat(model.messages().find(ID, 4).orElseThrow().deletedAt())
                .isEqualTo(T0.plusSeconds(6));
    }
}
