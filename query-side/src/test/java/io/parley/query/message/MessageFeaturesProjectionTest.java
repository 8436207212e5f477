package io.parley.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionView;
import io.parley.kernel.api.ReplyPreview;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import io.parley.query.ReadModel;
import io.parley.query.conversation.ConversationProjection;
import io.parley.query.conversation.ConversationRecord;
import io.parley.testing.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Edits, reactions, replies and delivery markers are exact, and stay exact when every event arrives twice. */
class MessageFeaturesProjectionTest {

    private static final String ID = "650000000000000000000001";
    private static final String M1 = "660000000000000000000001";
    private static final String M2 = "660000000000000000000002";
    private static final String M3 = "660000000000000000000003";
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
        model = new ReadModel(mongo, 1);
        conversations = new ConversationProjection(() -> model);
        messages = new MessageProjection(() -> model);
    }

    /**
     * alice, bob; bob 1; alice 2 replies to 1; bob edits 1 twice; alice and bob react; alice takes one back; carol
     * joins; bob 3 replies to 1; alice marks 3 delivered, bob reads 2; bob deletes 1.
     */
    private void applyHistory(int times, boolean deleteTheFirst) {
        for (int i = 0; i < times; i++) {
            conversations.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0);
        }
        List<Runnable> events = new java.util.ArrayList<>(List.of(
                () -> messages.on(new MessageSentEvent(ID, M1, 1, "bob", "first", List.of(), null, T0), 1),
                () -> messages.on(new MessageSentEvent(ID, M2, 2, "alice", "re", List.of(), null, T0, M1), 2),
                () -> messages.on(new MessageEditedEvent(ID, M1, 1, "bob", "second", T0.plusSeconds(1)), 3),
                () -> messages.on(new MessageEditedEvent(ID, M1, 1, "bob", "third", T0.plusSeconds(2)), 4),
                () -> messages.on(new ReactionAddedEvent(ID, M1, 1, "alice", ":tada:", T0), 5),
                () -> messages.on(new ReactionAddedEvent(ID, M1, 1, "bob", "\uD83D\uDC4D", T0), 6),
                () -> messages.on(new ReactionAddedEvent(ID, M1, 1, "bob", ":tada:", T0), 7),
                () -> messages.on(new ReactionAddedEvent(ID, M1, 1, "alice", "\uD83D\uDC4D", T0), 8),
                () -> messages.on(new ReactionRemovedEvent(ID, M1, 1, "alice", ":tada:", T0), 9),
                () -> conversations.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 10),
                () -> messages.on(new MessageSentEvent(ID, M3, 3, "bob", "again", List.of(), null, T0, M1), 11),
                () -> messages.on(new MessageDeliveredEvent(ID, M3, 3, "alice", T0), 12),
                () -> messages.on(new MessageReadEvent(ID, M2, 2, "bob", T0), 13)));
        if (deleteTheFirst) {
            events.add(() -> messages.on(new MessageDeletedEvent(ID, M1, 1, "bob", T0.plusSeconds(9)), 14));
        }
        for (Runnable event : events) {
            for (int i = 0; i < times; i++) {
                event.run();
            }
        }
    }

    private ConversationRecord conversation() {
        return model.conversations().find(ID).orElseThrow();
    }

    private MessageView view(long seq, String viewer) {
        return model.views().messages(List.of(model.messages().find(ID, seq).orElseThrow()), conversation(), viewer)
                .get(0);
    }

    @Test
    void canShowEditsReactionsRepliesAndDeliveries() {
        applyHistory(1, false);

        MessageView first = view(1, "alice");
        assertThat(first.content()).isEqualTo("third");
        assertThat(first.isEdited()).isTrue();
        assertThat(first.editedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(first.reactions()).as("in first-appearance order, users in reacting order").containsExactly(
                new ReactionView(":tada:", 1, List.of("bob")),
                new ReactionView("\uD83D\uDC4D", 2, List.of("bob", "alice")));
        assertThat(first.deliveredTo()).as("alice marked 3 delivered; carol joined after it").contains("alice");
        assertThat(mongo.findAll(EditRecord.class, model.collection(ReadModel.MESSAGE_EDITS)))
                .extracting(EditRecord::key, EditRecord::content)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ID + ":1:0", "first"),
                        org.assertj.core.groups.Tuple.tuple(ID + ":1:1", "second"),
                        org.assertj.core.groups.Tuple.tuple(ID + ":1:2", "third"));

        MessageView reply = view(2, "bob");
        assertThat(reply.replyTo()).isEqualTo(new ReplyPreview(M1, "bob", "third", false));
        // carol's read marker starts where she joined, so readBy lists her for what came before, as it did before
        assertThat(reply.readBy()).containsExactly("bob", "carol");
        assertThat(reply.deliveredTo()).as("reading implies delivery").containsExactly("bob", "carol");
        assertThat(view(3, "bob").deliveredTo()).containsExactly("alice");
        assertThat(view(3, "carol").replyTo())
                .as("carol joined after 1 was sent: she sees that 3 replies to it, not what it said")
                .isEqualTo(new ReplyPreview(M1, "bob", "", false));
        assertThat(view(2, "bob").isEdited()).isFalse();
    }

    @Test
    void canShowAReplyToAMessageDeletedLater() {
        applyHistory(1, true);

        assertThat(view(2, "alice").replyTo()).isEqualTo(new ReplyPreview(M1, "bob", "", true));
        MessageView tombstone = view(1, "alice");
        assertThat(tombstone.content()).isEmpty();
        assertThat(tombstone.reactions()).isEmpty();
        assertThat(mongo.getCollection(model.collection(ReadModel.MESSAGE_EDITS)).countDocuments())
                .as("a deleted message keeps no earlier versions").isZero();
    }

    @Test
    void canApplyEveryEventTwiceWithoutChange() {
        for (boolean delete : List.of(false, true)) {
            applyHistory(1, delete);
            ConversationRecord once = conversation();
            List<MessageRecord> onceMessages = mongo.findAll(MessageRecord.class, model.collection(ReadModel.MESSAGES));
            List<EditRecord> onceEdits = mongo.findAll(EditRecord.class, model.collection(ReadModel.MESSAGE_EDITS));
            mongo.getDb().drop();

            applyHistory(2, delete);

            assertThat(conversation()).isEqualTo(once);
            assertThat(mongo.findAll(MessageRecord.class, model.collection(ReadModel.MESSAGES)))
                    .containsExactlyInAnyOrderElementsOf(onceMessages);
            assertThat(mongo.findAll(EditRecord.class, model.collection(ReadModel.MESSAGE_EDITS)))
                    .containsExactlyInAnyOrderElementsOf(onceEdits);
            mongo.getDb().drop();
        }
    }

    /** An event applied to the message but not yet to the conversation (a crash between) finishes on its repeat. */
    @Test
    void canFinishAnEventInterruptedBetweenTheMessageAndTheConversation() {
        applyHistory(1, false);
        long before = conversation().version();
        messages.on(new ReactionAddedEvent(ID, M2, 2, "bob", ":x:", T0), before + 1);
        mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(ID)),
                new org.springframework.data.mongodb.core.query.Update().set("version", before),
                model.collection(ReadModel.CONVERSATIONS));

        messages.on(new ReactionAddedEvent(ID, M2, 2, "bob", ":x:", T0), before + 1);

        assertThat(conversation().version()).isEqualTo(before + 1);
        assertThat(view(2, "bob").reactions()).containsExactly(new ReactionView(":x:", 1, List.of("bob")));
    }
}
