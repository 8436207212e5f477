package io.parley.command.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.command.eventstore.KeyedEventStorageStrategy;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionView;
import io.parley.kernel.api.ReplyPreview;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fold of a conversation's events up to an instant, every event type, read back from a real (embedded) Mongo
 * event store through the index: what came after the instant is never applied, whatever the index already holds,
 * and the indexed answer equals the plain fold of every event up to the instant, at every instant and for every
 * checkpoint spacing.
 */
class ConversationHistoryTest {

    private static final String C = "0123456789abcdef01234567";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String LONG_TEXT = "x".repeat(250);

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoEventStorageEngine store;
    private EventLog log;
    private final List<Object> payloads = new ArrayList<>();

    /** Event i is stored at T0 + 10 i ms. */
    private static Instant t(long event) {
        return T0.plusMillis(10 * event);
    }

    @BeforeEach
    void setUp() {
        MongoTemplate axonMongo = DefaultMongoTemplate.builder().mongoDatabase(inMemoryMongo.client(), "test").build();
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();
        store = MongoEventStorageEngine.builder().mongoTemplate(axonMongo).eventSerializer(serializer)
                .snapshotSerializer(serializer).storageStrategy(new KeyedEventStorageStrategy(Duration.ofSeconds(1)))
                .build();
        log = new EventLog(axonMongo, store, serializer, NoOpEventUpcaster.INSTANCE);
        append(new ConversationCreatedEvent(C, "alice", List.of("alice", "bob"), true, "team", t(0)));   // 0
        append(sent(1, "alice", "hello", null));                                                          // 1
        append(sent(2, "bob", "hi alice", "m1"));                                                         // 2
        append(new MessageReadEvent(C, "m1", 1, "bob", t(3)));                                            // 3
        append(new MessageDeliveredEvent(C, "m2", 2, "alice", t(4)));                                     // 4
        append(new ParticipantAddedEvent(C, "carol", "alice", t(5)));                                     // 5
        append(new MessageEditedEvent(C, "m1", 1, "alice", "hello, edited", t(6)));                       // 6
        append(new ReactionAddedEvent(C, "m2", 2, "alice", "👍", t(7)));                                  // 7
        append(new ReactionAddedEvent(C, "m2", 2, "carol", ":tada:", t(8)));                              // 8
        append(new ReactionAddedEvent(C, "m2", 2, "bob", "👍", t(9)));                                    // 9
        append(new ReactionRemovedEvent(C, "m2", 2, "alice", "👍", t(10)));                               // 10
        append(sent(3, "carol", LONG_TEXT, null));                                                        // 11
        append(sent(4, "alice", "about that", "m3"));                                                     // 12
        append(new MessageDeletedEvent(C, "m3", 3, "carol", t(13)));                                      // 13
        append(new MessageReadEvent(C, "m4", 4, "carol", t(14)));                                         // 14
        append(new ParticipantRemovedEvent(C, "bob", "alice", t(15)));                                    // 15
        append(new ConversationDeletedEvent(C, "alice", t(16)));                                          // 16
    }

    private MessageSentEvent sent(long seq, String sender, String content, String replyTo) {
        return new MessageSentEvent(C, "m" + seq, seq, sender, content, List.of("a" + seq), "c" + seq,
                t(payloads.size()), replyTo);
    }

    private void append(Object payload) {
        long sequence = payloads.size();
        Instant at = t(sequence);
        store.appendEvents(List.of(new GenericDomainEventMessage<>("ConversationAggregate", C, sequence,
                new GenericEventMessage<>(payload), () -> at)));
        payloads.add(payload);
    }

    private ConversationHistory history(int every) {
        return new ConversationHistory(log, new HistoryIndex(inMemoryMongo.template(), log, every));
    }

    private MessageView message(Instant at, long seq) {
        return history(3).messagesAt(C, at, 100, null).messages().stream()
                .filter(message -> message.seq() == seq).findFirst().orElseThrow();
    }

    @Test
    void theStateIsTheFoldOfTheEventsUpToTheInstant() {
        HistoricalConversation created = history(3).stateAt(C, t(0));
        assertThat(created.participants()).containsExactly("alice", "bob");
        assertThat(created.groupName()).isEqualTo("team");
        assertThat(created.isGroup()).isTrue();
        assertThat(created.createdBy()).isEqualTo("alice");
        assertThat(created.lastSeq()).isZero();
        assertThat(created.eventSequence()).as("at exactly the event's timestamp includes it").isZero();
        assertThat(created.isDeleted()).isFalse();

        assertThat(history(3).stateAt(C, t(5).minusMillis(1)).participants())
                .as("a member added after the instant is not there").containsExactly("alice", "bob");
        assertThat(history(3).stateAt(C, t(5)).participants()).containsExactly("alice", "bob", "carol");
        assertThat(history(3).stateAt(C, t(12).plusMillis(5)).lastSeq()).isEqualTo(4);
        assertThat(history(3).stateAt(C, t(12).minusNanos(1)).lastSeq()).isEqualTo(3);

        HistoricalConversation left = history(3).stateAt(C, t(15));
        assertThat(left.participants()).containsExactly("alice", "carol");
        assertThat(left.isDeleted()).isFalse();
        assertThat(left.eventSequence()).isEqualTo(15);
        assertThat(left.eventTimestamp()).isEqualTo(t(15));

        HistoricalConversation gone = history(3).stateAt(C, t(40));
        assertThat(gone.isDeleted()).isTrue();
        assertThat(gone.deletedAt()).isEqualTo(t(16));
        assertThat(gone.eventSequence()).isEqualTo(16);
        assertThat(gone.at()).isEqualTo(t(40));
    }

    @Test
    void beforeItExistedOrNeverIsNotFound() {
        assertThatThrownBy(() -> history(3).stateAt(C, t(0).minusMillis(1)))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> history(3).messagesAt("0123456789abcdef0123ffff", t(5), 10, null))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void readsAndDeliveriesCountOnlyUpToTheInstant() {
        assertThat(message(t(2), 1).readBy()).as("bob reads m1 only at event 3").isEmpty();
        assertThat(message(t(3), 1).readBy()).containsExactly("bob");
        assertThat(message(t(3), 1).deliveredTo()).as("reading it counts as receiving it").containsExactly("bob");
        assertThat(message(t(3), 2).deliveredTo()).isEmpty();
        assertThat(message(t(4), 2).deliveredTo()).containsExactly("alice");
        assertThat(message(t(4), 2).readBy()).isEmpty();
        assertThat(message(t(5), 1).readBy()).as("as the read model: who joins later has read what came before")
                .containsExactly("bob", "carol");
        assertThat(message(t(14), 4).readBy()).containsExactly("carol");
        assertThat(message(t(13), 4).readBy()).isEmpty();
        assertThat(message(t(15), 1).readBy()).as("a removed member drops out").containsExactly("carol");
    }

    @Test
    void editsCountOnlyUpToTheInstant() {
        MessageView before = message(t(6).minusMillis(1), 1);
        assertThat(before.content()).isEqualTo("hello");
        assertThat(before.isEdited()).isFalse();
        assertThat(before.editedAt()).isNull();
        assertThat(before.updatedAt()).isEqualTo(t(1));
        MessageView after = message(t(6), 1);
        assertThat(after.content()).isEqualTo("hello, edited");
        assertThat(after.isEdited()).isTrue();
        assertThat(after.editedAt()).isEqualTo(t(6));
        assertThat(after.updatedAt()).isEqualTo(t(6));
        assertThat(after.createdAt()).isEqualTo(t(1));
        assertThat(after.attachments()).containsExactly("a1");
        assertThat(after.clientMessageId()).isEqualTo("c1");
        assertThat(after.sender()).isEqualTo("alice");
        assertThat(after.conversation()).isEqualTo(C);
    }

    @Test
    void reactionsCountOnlyUpToTheInstantInTheOrderTheyFirstAppeared() {
        assertThat(message(t(7).minusMillis(1), 2).reactions()).isEmpty();
        assertThat(message(t(8), 2).reactions()).containsExactly(
                new ReactionView("👍", 1, List.of("alice")),
                new ReactionView(":tada:", 1, List.of("carol")));
        assertThat(message(t(9), 2).reactions()).containsExactly(
                new ReactionView("👍", 2, List.of("alice", "bob")),
                new ReactionView(":tada:", 1, List.of("carol")));
        assertThat(message(t(10), 2).reactions()).containsExactly(
                new ReactionView("👍", 1, List.of("bob")),
                new ReactionView(":tada:", 1, List.of("carol")));
    }

    @Test
    void repliesAndDeletionsCountOnlyUpToTheInstant() {
        MessageView reply = message(t(2), 2);
        assertThat(reply.replyTo()).isEqualTo(new ReplyPreview("m1", "alice", "hello", false));
        assertThat(message(t(6), 2).replyTo().content()).as("the replied message as it was then")
                .isEqualTo("hello, edited");
        assertThat(message(t(1), 1).replyTo()).isNull();

        assertThat(message(t(12), 4).replyTo())
                .isEqualTo(new ReplyPreview("m3", "carol", "x".repeat(200), false));
        MessageView live = message(t(13).minusMillis(1), 3);
        assertThat(live.isDeleted()).isFalse();
        assertThat(live.content()).isEqualTo(LONG_TEXT);
        MessageView deleted = message(t(13), 3);
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.deletedAt()).isEqualTo(t(13));
        assertThat(deleted.content()).isEmpty();
        assertThat(deleted.attachments()).isEmpty();
        assertThat(message(t(13), 4).replyTo()).isEqualTo(new ReplyPreview("m3", "carol", "", true));
    }

    @Test
    void pagesAreNewestFirstWithAnExclusiveCursor() {
        ConversationHistory history = history(3);
        HistoricalPage first = history.messagesAt(C, t(20), 3, null);
        assertThat(first.messages()).extracting(MessageView::seq).containsExactly(4L, 3L, 2L);
        assertThat(first.hasMore()).isTrue();
        HistoricalPage second = history.messagesAt(C, t(20), 3, 2L);
        assertThat(second.messages()).extracting(MessageView::seq).containsExactly(1L);
        assertThat(second.hasMore()).isFalse();
        assertThat(history.messagesAt(C, t(20), 3, 1L).messages()).isEmpty();
        assertThat(history.messagesAt(C, t(20), 2, 99L).messages()).extracting(MessageView::seq)
                .containsExactly(4L, 3L);
        assertThat(history.messagesAt(C, t(11).minusMillis(1), 10, null).messages())
                .as("messages sent after the instant are not there").extracting(MessageView::seq)
                .containsExactly(2L, 1L);
        assertThat(history.messagesAt(C, t(0), 10, null).messages()).isEmpty();
    }

    @Test
    void theIndexedAnswerIsThePlainFoldAtEveryInstantWhateverTheIndexAlreadyHolds() {
        for (int every : new int[] {1, 2, 3, 5, 128}) {
            for (String collection : List.of(HistoryIndex.HEADS, HistoryIndex.CHECKPOINTS, HistoryIndex.MESSAGES,
                    HistoryIndex.MESSAGE_IDS)) {
                inMemoryMongo.template().dropCollection(collection);
            }
            ConversationHistory history = history(every);
            // the index is first built to the end, then asked about every moment before it
            history.stateAt(C, t(100));
            for (long ms = 0; ms <= 170; ms += 5) {
                Instant at = T0.plusMillis(ms);
                assertThat(history.stateAt(C, at)).as("every %d, %d ms", every, ms).isEqualTo(plainState(at));
                assertThat(history.messagesAt(C, at, 100, null).messages()).as("every %d, %d ms", every, ms)
                        .isEqualTo(plainMessages(at));
            }
        }
    }

    @Test
    void anIndexBehindTheStoreOrMissingCheckpointsGivesTheSameAnswer() {
        HistoryIndex index = new HistoryIndex(inMemoryMongo.template(), log, 2);
        ConversationHistory history = new ConversationHistory(log, index);
        assertThat(index.catchUp(C, 6)).isEqualTo(6);
        assertThat(index.indexedThrough(C)).isEqualTo(6);
        assertThat(history.messagesAt(C, t(14), 100, null).messages()).isEqualTo(plainMessages(t(14)));
        assertThat(index.indexedThrough(C)).as("caught up to the event asked about").isEqualTo(14);
        inMemoryMongo.template().getCollection(HistoryIndex.CHECKPOINTS).deleteMany(new Document());
        assertThat(history.stateAt(C, t(13))).isEqualTo(plainState(t(13)));
        assertThat(index.catchUp(C, Long.MAX_VALUE)).isEqualTo(16);
        assertThat(index.catchUp(C, Long.MAX_VALUE)).as("again: nothing to do").isEqualTo(16);
        assertThat(history.stateAt(C, t(16))).isEqualTo(plainState(t(16)));
    }

    @Test
    void eventsHandedOverAsAppendedAreIndexedInOrderOnceAndAGapIsFilledFromTheStore() {
        HistoryIndex index = new HistoryIndex(inMemoryMongo.template(), log, 3);
        List<org.axonframework.eventhandling.DomainEventMessage<?>> stored = new ArrayList<>();
        store.readEvents(C, 0).asStream().forEach(stored::add);
        index.appended(C, stored.subList(0, 4));
        assertThat(index.indexedThrough(C)).isEqualTo(3);
        index.appended(C, stored.subList(2, 6));
        assertThat(index.indexedThrough(C)).as("repeats skipped").isEqualTo(5);
        index.appended(C, stored.subList(9, 12));
        assertThat(index.indexedThrough(C)).as("6 to 8 read from the store first").isEqualTo(11);
        index.appended(C, stored.subList(12, 17));
        assertThat(index.indexedThrough(C)).isEqualTo(16);
        ConversationHistory history = new ConversationHistory(log, index);
        for (long ms = 0; ms <= 170; ms += 5) {
            Instant at = T0.plusMillis(ms);
            assertThat(history.stateAt(C, at)).as("%d ms", ms).isEqualTo(plainState(at));
            assertThat(history.messagesAt(C, at, 100, null).messages()).as("%d ms", ms).isEqualTo(plainMessages(at));
        }
    }

    /** The reference: every event up to the instant applied in order, no index. */
    private ConversationMoment plainMoment(Instant at, Map<Long, MessageMoment> messages) {
        ConversationMoment moment = new ConversationMoment(C);
        for (int i = 0; i < payloads.size() && !t(i).isAfter(at); i++) {
            Object payload = payloads.get(i);
            moment.apply(payload, i, t(i));
            if (payload instanceof MessageSentEvent sent) {
                messages.put(sent.seq(), new MessageMoment(sent));
            } else {
                messages.values().forEach(message -> {
                    if (aboutMessage(payload, message.seq())) {
                        message.apply(payload);
                    }
                });
            }
        }
        return moment;
    }

    private static boolean aboutMessage(Object payload, long seq) {
        return payload instanceof MessageEditedEvent e && e.seq() == seq
                || payload instanceof ReactionAddedEvent r && r.seq() == seq
                || payload instanceof ReactionRemovedEvent r2 && r2.seq() == seq
                || payload instanceof MessageDeletedEvent d && d.seq() == seq;
    }

    private HistoricalConversation plainState(Instant at) {
        return plainMoment(at, new HashMap<>()).view(at);
    }

    private List<MessageView> plainMessages(Instant at) {
        Map<Long, MessageMoment> messages = new HashMap<>();
        ConversationMoment moment = plainMoment(at, messages);
        Map<String, MessageMoment> byId = new HashMap<>();
        messages.values().forEach(message -> byId.put(message.messageId(), message));
        return messages.values().stream()
                .sorted((a, b) -> Long.compare(b.seq(), a.seq()))
                .map(message -> message.view(moment,
                        message.replyToId() == null ? null : byId.get(message.replyToId())))
                .toList();
    }
}
