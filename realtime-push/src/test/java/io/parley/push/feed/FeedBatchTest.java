package io.parley.push.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.testing.InMemoryMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feed processor's batches, driven as its tracking processor drives them (one batching unit of work, the
 * processor's own batch scope around the projection): the guarantees hold at a batch's boundaries and inside it,
 * when it is handled again whole or from its middle, when it was interrupted after part of its writes, and when
 * membership changes between two of its events; and a batch's store commands do not grow with its events or with
 * the group.
 */
class FeedBatchTest {

    private static final String ID = "650000000000000000000001";
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private FeedTestbed feed;
    private AnnotationEventHandlerAdapter handlers;
    private final AtomicBoolean confirmFails = new AtomicBoolean();
    private int publishedWhenConfirmed;
    private MessageHandlerInterceptor<EventMessage<?>> scope;

    @BeforeEach
    void setUp() {
        feed = new FeedTestbed(inMemoryMongo.connectionString(), new ObjectMapper().registerModule(new JavaTimeModule()));
        handlers = new AnnotationEventHandlerAdapter(feed.projection());
        scope = FeedProcessor.inBatches(feed.projection(), () -> {
            publishedWhenConfirmed = feed.published().size();
            if (confirmFails.get()) {
                throw new IllegalStateException("Kafka did not take a feed event");
            }
        });
    }

    /** One batch of the processor: every event through the scope and the projection, in one unit of work. */
    private void batch(List<EventMessage<?>> events) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        var result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(scope),
                message -> handlers.handle(message)).proceed());
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
    }

    private static EventMessage<?> event(Object payload, long version, String eventId) {
        return new GenericDomainEventMessage<>("Conversation", conversationOf(payload), version, payload,
                MetaData.emptyInstance(), eventId, T0);
    }

    private static String conversationOf(Object payload) {
        return ((io.parley.kernel.conversation.ConversationEvent) payload).conversationId();
    }

    private static MessageSentEvent sent(String conversationId, long seq, String sender) {
        return new MessageSentEvent(conversationId, String.format("66%010d%012d", conversationId.hashCode() & 0xffff,
                seq), seq, sender, "m" + seq, List.of(), "c" + seq, T0.plusSeconds(seq));
    }

    /** A group created, then membership changing between its messages, all in one batch. */
    private static List<EventMessage<?>> changingMembership() {
        return List.of(
                event(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0, "e0"),
                event(sent(ID, 1, "alice"), 1, "e1"),
                event(new ParticipantAddedEvent(ID, "carol", "alice", T0), 2, "e2"),
                event(sent(ID, 2, "carol"), 3, "e3"),
                event(new ParticipantRemovedEvent(ID, "bob", "alice", T0), 4, "e4"),
                event(sent(ID, 3, "alice"), 5, "e5"));
    }

    private List<String> eventIdsOf(String userId) {
        return feed.feedOf(userId).stream().map(FeedEvent::eventId).toList();
    }

    private long stored() {
        return feed.mongo().getCollection(FeedStream.COLLECTION).countDocuments();
    }

    @Test
    void canReachExactlyTheMembersAtEachEventWhenMembershipChangesBetweenTwoEventsOfOneBatch() throws Exception {
        batch(changingMembership());

        assertThat(eventIdsOf("alice")).containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
        assertThat(eventIdsOf("carol")).as("from being added on").containsExactly("e2", "e3", "e4", "e5");
        assertThat(eventIdsOf("bob")).as("up to their own removal").containsExactly("e0", "e1", "e2", "e3", "e4");
        assertThat(feed.published()).extracting(AppendedEvent::recipients).containsExactly(
                List.of("alice", "bob"), List.of("alice", "bob"), List.of("alice", "bob", "carol"),
                List.of("alice", "bob", "carol"), List.of("alice", "carol", "bob"), List.of("alice", "carol"));
        assertThat(feed.published()).extracting(appended -> appended.event().position())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void canPublishABatchOnlyOnceItIsStoredAndConfirmItBeforeTheTokenMoves() throws Exception {
        List<Long> storedWhenPublished = new ArrayList<>();
        FeedTestbed watched = feed;
        scope = FeedProcessor.inBatches(watched.projection(), () -> storedWhenPublished.add(stored()));

        batch(changingMembership());

        assertThat(storedWhenPublished).as("confirmed once, after all six were stored").containsExactly(6L);
        assertThat(watched.published()).hasSize(6);
    }

    @Test
    void cannotFanOutABatchTwiceWhenItIsHandledAgainWholeOrFromItsMiddle() throws Exception {
        batch(changingMembership());
        batch(changingMembership());
        batch(changingMembership().subList(3, 6));

        assertThat(stored()).isEqualTo(6);
        assertThat(eventIdsOf("alice")).containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
        assertThat(eventIdsOf("carol")).containsExactly("e2", "e3", "e4", "e5");
        assertThat(eventIdsOf("bob")).containsExactly("e0", "e1", "e2", "e3", "e4");
    }

    @Test
    void canFinishABatchInterruptedAfterPartOfTheStreamWasWrittenAtTheSamePositions() throws Exception {
        batch(changingMembership());
        // as if the processor had stopped after the stream's first four events, before the states were saved
        feed.mongo().getCollection(FeedStream.COLLECTION).deleteMany(new Document("_id", new Document("$gt", 4)));
        feed.mongo().getCollection(FeedProjection.STATE).deleteMany(new Document());
        restart();

        batch(changingMembership());

        assertThat(feed.published()).extracting(appended -> appended.event().position())
                .as("the four stored keep their positions, the rest follow").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(eventIdsOf("alice")).containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
        assertThat(eventIdsOf("carol")).containsExactly("e2", "e3", "e4", "e5");
        assertThat(eventIdsOf("bob")).containsExactly("e0", "e1", "e2", "e3", "e4");

        batch(List.of(event(sent(ID, 4, "carol"), 6, "e6")));
        assertThat(feed.published().get(feed.published().size() - 1).event().position()).isEqualTo(7);
    }

    /**
     * The batch is stored, so handled again it changes nothing; its events reach their members from the stream: the
     * next event published follows at the next position, and a push node that missed the ones before reads them
     * there ({@link LiveFeed}).
     */
    @Test
    void canHandleABatchAgainWhenKafkaRefusedItsEvents() throws Exception {
        confirmFails.set(true);
        assertThatThrownBy(() -> batch(changingMembership())).hasMessageContaining("Kafka did not take");
        assertThat(publishedWhenConfirmed).as("published before the refusal was noticed").isEqualTo(6);

        confirmFails.set(false);
        restart();
        batch(changingMembership());
        batch(List.of(event(sent(ID, 4, "carol"), 6, "e6")));

        assertThat(stored()).isEqualTo(7);
        assertThat(feed.published()).extracting(appended -> appended.event().position()).containsExactly(7L);
        assertThat(eventIdsOf("carol")).containsExactly("e2", "e3", "e4", "e5", "e6");
    }

    /** The processor starts again on the same store: nothing of the last one's memory is left. */
    private void restart() {
        feed = new FeedTestbed(feed.mongo(), new ObjectMapper().registerModule(new JavaTimeModule()));
        handlers = new AnnotationEventHandlerAdapter(feed.projection());
        scope = FeedProcessor.inBatches(feed.projection(), () -> publishedWhenConfirmed = feed.published().size());
    }

    @Test
    void costsTheSameStoreCommandsForABatchInAGroupOfAThousandAsInAOneToOneAndFewerThanOneAnEvent()
            throws Exception {
        String pair = "650000000000000000000002";
        String group = "650000000000000000000003";
        List<String> thousand = new ArrayList<>(List.of("alice"));
        IntStream.range(1, 1000).forEach(i -> thousand.add("member-" + i));
        batch(List.of(event(new ConversationCreatedEvent(pair, "alice", List.of("alice", "bob"), false, null, T0), 0,
                "p0"), event(new ConversationCreatedEvent(group, "alice", thousand, true, "g", T0), 0, "g0")));

        Map<String, Integer> pairCost = commandsFor(pair, 50);
        Map<String, Integer> groupCost = commandsFor(group, 50);

        assertThat(groupCost).as("50 messages to 1,000 members in one batch").isEqualTo(pairCost);
        assertThat(pairCost.get("writes")).as("messages' facts, their ids, the stream, the conversation's state")
                .isEqualTo(4);
        assertThat(pairCost.get("reads")).as("the batch's states, its next places, the stream's head")
                .isLessThanOrEqualTo(3);
        assertThat(feed.feedOf("member-999")).hasSize(51);
        assertThat(feed.published().get(feed.published().size() - 1).recipients()).hasSize(1000);
    }

    private Map<String, Integer> commandsFor(String conversationId, int messages) throws Exception {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int seq = 1; seq <= messages; seq++) {
            events.add(event(sent(conversationId, seq, "alice"), seq, conversationId + "-e" + seq));
        }
        int reads = feed.reads().get();
        int writes = feed.writes().get();
        batch(events);
        return Map.of("reads", feed.reads().get() - reads, "writes", feed.writes().get() - writes);
    }
}
