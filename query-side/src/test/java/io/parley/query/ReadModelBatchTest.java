package io.parley.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.query.conversation.ConversationProjection;
import io.parley.query.message.MessageProjection;
import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The read model a processor builds in batches ({@link ReadModelBatch}) is exactly the one the same events build one
 * at a time, however the batches fall: with members joining and leaving between two messages of one batch, with a
 * batch that fails halfway and is handled again, with one that an earlier, longer attempt had partly written, and
 * with every batch delivered twice.
 */
class ReadModelBatchTest {

    private static final String GROUP = "650000000000000000000001";
    private static final String DIRECT = "650000000000000000000002";
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoTemplate mongo;

    @BeforeEach
    void setUp() {
        mongo = inMemoryMongo.template();
    }

    /**
     * Two conversations interleaved: in the group, carol joins between two messages and bob leaves between two
     * others; reads, a deletion of the last message and a repeated deletion; the direct conversation alongside.
     */
    private static List<DomainEventMessage<?>> history() {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        Map<String, AtomicInteger> versions = Map.of(GROUP, new AtomicInteger(), DIRECT, new AtomicInteger());
        Map<String, AtomicInteger> seqs = Map.of(GROUP, new AtomicInteger(), DIRECT, new AtomicInteger());
        class Log {
            void add(String conversation, Object payload) {
                events.add(new GenericDomainEventMessage<>("Conversation", conversation,
                        versions.get(conversation).getAndIncrement(), payload));
            }

            void send(String conversation, String sender) {
                long seq = seqs.get(conversation).incrementAndGet();
                add(conversation, new MessageSentEvent(conversation, messageId(conversation, seq), seq, sender,
                        "m" + seq, List.of(), null, T0.plusSeconds(events.size())));
            }
        }
        Log log = new Log();
        log.add(GROUP, new ConversationCreatedEvent(GROUP, "alice", List.of("alice", "bob"), true, "g", T0));
        log.add(DIRECT, new ConversationCreatedEvent(DIRECT, "alice", List.of("alice", "dave"), false, null, T0));
        log.send(GROUP, "alice");
        log.send(DIRECT, "dave");
        log.add(GROUP, new ParticipantAddedEvent(GROUP, "carol", "alice", T0.plusSeconds(30)));
        log.send(GROUP, "bob");
        log.send(GROUP, "carol");
        log.add(GROUP, new MessageReadEvent(GROUP, messageId(GROUP, 2), 2, "carol", T0.plusSeconds(40)));
        log.send(DIRECT, "alice");
        log.add(GROUP, new ParticipantRemovedEvent(GROUP, "bob", "alice", T0.plusSeconds(50)));
        log.send(GROUP, "alice");
        log.add(DIRECT, new MessageReadEvent(DIRECT, messageId(DIRECT, 2), 2, "dave", T0.plusSeconds(60)));
        IntStream.range(0, 12).forEach(i -> log.send(i % 3 == 0 ? DIRECT : GROUP, i % 2 == 0 ? "alice" : "carol"));
        long lastGroupSeq = seqs.get(GROUP).get();
        log.add(GROUP, new MessageDeletedEvent(GROUP, messageId(GROUP, lastGroupSeq), lastGroupSeq, "carol",
                T0.plusSeconds(90)));
        log.add(GROUP, new MessageDeletedEvent(GROUP, messageId(GROUP, lastGroupSeq), lastGroupSeq, "carol",
                T0.plusSeconds(91)));
        log.add(GROUP, new MessageReadEvent(GROUP, messageId(GROUP, 3), 3, "alice", T0.plusSeconds(95)));
        log.send(GROUP, "carol");
        return events;
    }

    private static String messageId(String conversation, long seq) {
        return "66" + conversation.substring(20) + String.format("%018d", seq);
    }

    /** The same events handled one at a time, each change written at once. */
    private Map<String, List<Document>> oneByOne(List<DomainEventMessage<?>> events) {
        return oneByOne(events, 9);
    }

    private Map<String, List<Document>> oneByOne(List<DomainEventMessage<?>> events, int generation) {
        ReadModel model = new ReadModel(mongo, generation);
        ConversationProjection conversations = new ConversationProjection(() -> model);
        MessageProjection messages = new MessageProjection(() -> model);
        SimpleEventHandlerInvoker invoker = SimpleEventHandlerInvoker.builder()
                .eventHandlers(conversations, messages).build();
        for (DomainEventMessage<?> event : events) {
            try {
                invoker.handle(event, org.axonframework.eventhandling.Segment.ROOT_SEGMENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return contents(generation);
    }

    /** The read model of a generation, every collection's documents by {@code _id}, without the generation suffix. */
    private Map<String, List<Document>> contents(int generation) {
        Map<String, List<Document>> contents = new TreeMap<>();
        for (String base : ReadModel.COLLECTIONS) {
            List<Document> documents = new ArrayList<>(
                    mongo.getCollection(ReadModel.collection(base, generation)).find().into(new ArrayList<>()));
            documents.sort((a, b) -> a.get("_id").toString().compareTo(b.get("_id").toString()));
            contents.put(base, documents);
        }
        return contents;
    }

    /**
     * Runs a tracking processor of {@code batchSize} over the events into generation 1 and returns the largest batch
     * it handled; {@code extra} interceptors run inside the batch scope.
     */
    private int processInBatches(List<DomainEventMessage<?>> events, int batchSize,
            MessageHandlerInterceptor<EventMessage<?>> extra) throws InterruptedException {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        store.publish(events);
        ReadModel model = new ReadModel(mongo, 1);
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name("conversations")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(new ConversationProjection(() -> model), new MessageProjection(() -> model))
                        .build())
                .messageSource(store)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(batchSize))
                .build();
        AtomicInteger largestBatch = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        processor.registerHandlerInterceptor(new ReadModelBatchScope(() -> model));
        processor.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
                largestBatch.accumulateAndGet(batch.getMessages().size(), Math::max);
            }
            return chain.proceed();
        });
        if (extra != null) {
            processor.registerHandlerInterceptor(extra);
        }
        processor.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            unitOfWork.afterCommit(committed -> handled.incrementAndGet());
            return result;
        });
        processor.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processor.processingStatus().values().stream()
                .noneMatch(status -> status.getCurrentPosition().orElse(-1) >= events.size() - 1)) {
            assertThat(System.nanoTime()).as("the processor reaches the last event").isLessThan(deadline);
            Thread.sleep(20);
        }
        processor.shutDown();
        return largestBatch.get();
    }

    private Map<String, List<Document>> generationOne() {
        return contents(1);
    }

    /**
     * Collection by collection, document by document, so a failure names what differs. The index of each user's
     * conversations may hold more after a repeated delivery (it is only added to; readers check the conversation's
     * record), never fewer.
     */
    private void assertSameReadModel(Map<String, List<Document>> expected) {
        Map<String, List<Document>> actual = generationOne();
        for (String base : ReadModel.COLLECTIONS) {
            if (base.equals(ReadModel.USER_CONVERSATIONS)) {
                Map<Object, List<Object>> held = actual.get(base).stream()
                        .collect(Collectors.toMap(user -> user.get("_id"), user -> user.getList("conversations",
                                Object.class)));
                expected.get(base).forEach(user -> assertThat(held.get(user.get("_id"))).as(base)
                        .containsAll(user.getList("conversations", Object.class)));
            } else {
                assertThat(actual.get(base)).as(base).containsExactlyElementsOf(expected.get(base));
            }
        }
    }

    @Test
    void canBuildInBatchesWhatOneAtATimeBuilds() throws InterruptedException {
        List<DomainEventMessage<?>> events = history();
        Map<String, List<Document>> expected = oneByOne(events);

        int largest = processInBatches(events, 8, null);

        assertThat(largest).as("the processor handled batches of several events").isGreaterThan(1);
        assertSameReadModel(expected);
    }

    @Test
    void canHandleEveryBatchTwiceWithoutChange() throws InterruptedException {
        List<DomainEventMessage<?>> events = history();
        Map<String, List<Document>> expected = oneByOne(events);

        processInBatches(events, 8, null);
        processInBatches(events, 5, null);

        assertSameReadModel(expected);
    }

    @Test
    void canHandleAgainABatchThatFailedHalfway() throws InterruptedException {
        List<DomainEventMessage<?>> events = history();
        Map<String, List<Document>> expected = oneByOne(events);
        AtomicBoolean failed = new AtomicBoolean();
        AtomicInteger seen = new AtomicInteger();

        processInBatches(events, 50, (unitOfWork, chain) -> {
            if (seen.incrementAndGet() == 12 && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("the processor dies in the middle of a batch");
            }
            return chain.proceed();
        });

        assertThat(failed).isTrue();
        assertSameReadModel(expected);
    }

    /**
     * An earlier attempt of the same events, in a longer batch, wrote its messages and died before the
     * conversations: the messages in the store are ahead of the conversations when the events come again.
     */
    @Test
    void canCompleteABatchThatAnEarlierAttemptHadPartlyWritten() throws InterruptedException {
        List<DomainEventMessage<?>> events = history();
        Map<String, List<Document>> expected = oneByOne(events);
        List<Document> messagesAhead = expected.get(ReadModel.MESSAGES);
        mongo.getCollection(ReadModel.MESSAGES).insertMany(messagesAhead.stream().map(Document::new)
                .collect(Collectors.toList()));

        processInBatches(events, 7, null);

        assertSameReadModel(expected);
    }

    /**
     * An earlier attempt, in a shorter batch, wrote its messages (one not deleted yet) and died before the
     * conversations; the batch handled again sends and deletes that message.
     */
    @Test
    void canCompleteABatchThatAShorterEarlierAttemptHadPartlyWritten() throws InterruptedException {
        List<DomainEventMessage<?>> events = history();
        Map<String, List<Document>> expected = oneByOne(events);
        int firstDeletion = IntStream.range(0, events.size())
                .filter(i -> events.get(i).getPayload() instanceof MessageDeletedEvent).findFirst().orElseThrow();
        List<Document> messagesBefore = oneByOne(events.subList(0, firstDeletion), 8).get(ReadModel.MESSAGES);
        mongo.getCollection(ReadModel.MESSAGES).insertMany(messagesBefore.stream().map(Document::new)
                .collect(Collectors.toList()));

        processInBatches(events, 50, null);

        assertSameReadModel(expected);
    }
}
