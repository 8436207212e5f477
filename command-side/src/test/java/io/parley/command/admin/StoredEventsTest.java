package io.parley.command.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.testing.InMemoryMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The export's reading of the store: whole and in order across pages, also where events of several conversations
 * share a millisecond (the page boundary falls between them), filtered in the store, and never a snapshot.
 */
class StoredEventsTest {

    private static final Instant T = Instant.parse("2025-03-01T10:00:00.000Z");
    /** Conversation ids end in the names the expectations use: c1, c2, c3. */
    private static final String ID_PREFIX = "0000000000000000000000";

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoTemplate template;
    private MongoEventStorageEngine store;
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final List<DomainEventMessage<?>> appended = new ArrayList<>();

    @BeforeEach
    void setUp() {
        template = DefaultMongoTemplate.builder().mongoDatabase(inMemoryMongo.client(), "test").build();
        store = MongoEventStorageEngine.builder()
                .mongoTemplate(template).eventSerializer(serializer).snapshotSerializer(serializer).build();
        // appended out of the export's order: c2 before c1 in the same millisecond, c3 earliest
        created("c2", T);
        created("c1", T);
        sent("c1", 1, T);
        sent("c2", 1, T.plusMillis(1));
        created("c3", T.minusMillis(5));
        sent("c1", 2, T.plusMillis(1));
        sent("c3", 1, T.plusMillis(1));
        sent("c2", 2, T.plusMillis(2));
        sent("c1", 3, T.plusMillis(3));
    }

    private void created(String conversation, Instant at) {
        append(conversation, 0, new ConversationCreatedEvent(ID_PREFIX + conversation, "alice",
                List.of("alice", "bob"), false, null, at), at);
    }

    private void sent(String conversation, long seq, Instant at) {
        append(conversation, seq, new MessageSentEvent(ID_PREFIX + conversation, conversation + "-m" + seq, seq,
                "alice", "hello " + seq, List.of(), null, at), at);
    }

    private void append(String conversation, long sequence, Object payload, Instant at) {
        DomainEventMessage<?> event = new GenericDomainEventMessage<>("ConversationAggregate", ID_PREFIX + conversation,
                sequence,
                new GenericEventMessage<>(payload), () -> at);
        store.appendEvents(List.of(event));
        appended.add(event);
    }

    private List<String> export(int pageSize, EventFilter filter) {
        List<String> read = new ArrayList<>();
        new StoredEvents(template, store, serializer, NoOpEventUpcaster.INSTANCE, pageSize).forEach(filter,
                event -> read.add(name(event)));
        return read;
    }

    private List<String> expected(java.util.function.Predicate<DomainEventMessage<?>> kept) {
        return appended.stream()
                .filter(kept)
                .sorted(Comparator.<DomainEventMessage<?>, Instant>comparing(DomainEventMessage::getTimestamp)
                        .thenComparing(DomainEventMessage::getAggregateIdentifier)
                        .thenComparingLong(DomainEventMessage::getSequenceNumber))
                .map(StoredEventsTest::name)
                .toList();
    }

    private static String name(DomainEventMessage<?> event) {
        return event.getAggregateIdentifier().substring(ID_PREFIX.length()) + "#" + event.getSequenceNumber();
    }

    @Test
    void canReadEveryEventInOrderWhateverThePageSize() {
        List<String> all = expected(event -> true);
        assertThat(all).containsExactly("c3#0", "c1#0", "c1#1", "c2#0", "c1#2", "c2#1", "c3#1", "c2#2", "c1#3");
        for (int pageSize : new int[] {1, 2, 3, 4, 500}) {
            assertThat(export(pageSize, EventFilter.parse(null, null, null, null))).as("page size " + pageSize)
                    .isEqualTo(all);
        }
    }

    @Test
    void canFilterByTimeAndTypeAcrossPages() {
        EventFilter filter = EventFilter.parse(T.toString(), T.plusMillis(3).toString(), null, "MessageSentEvent");
        assertThat(export(2, filter)).isEqualTo(expected(event -> event.getPayload() instanceof MessageSentEvent
                && !event.getTimestamp().isBefore(T) && event.getTimestamp().isBefore(T.plusMillis(3))))
                .containsExactly("c1#1", "c1#2", "c2#1", "c3#1", "c2#2");
    }

    @Test
    void canReadOneConversationBySequenceWithTheSameFilters() {
        assertThat(export(2, EventFilter.parse(null, null, ID_PREFIX + "c1", null)))
                .containsExactly("c1#0", "c1#1", "c1#2", "c1#3");
        assertThat(export(2, EventFilter.parse(T.plusMillis(1).toString(), null, ID_PREFIX + "c1",
                "MessageSentEvent")))
                .containsExactly("c1#2", "c1#3");
        assertThat(export(2, EventFilter.parse(T.toString(), T.plusMillis(3).toString(), ID_PREFIX + "c1", null)))
                .as("from inclusive, to exclusive").containsExactly("c1#0", "c1#1", "c1#2");
    }

    @Test
    void cannotReadASnapshot() {
        store.storeSnapshot(new GenericDomainEventMessage<>("ConversationAggregate", ID_PREFIX + "c1", 3,
                new GenericEventMessage<>("state of c1"), () -> T.plusMillis(4)));
        assertThat(store.readSnapshot(ID_PREFIX + "c1")).isPresent();
        assertThat(export(2, EventFilter.parse(null, null, null, null))).isEqualTo(expected(event -> true));
        assertThat(export(2, EventFilter.parse(null, null, ID_PREFIX + "c1", null))).hasSize(4);
    }
}
