package io.parley.push.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.WriteConcern;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.testing.InMemoryMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each stored event lands once in the feed stream and reaches exactly the members it should, through repeats,
 * interruptions and membership changes, at a cost that does not grow with the group.
 */
class FeedProjectionTest {

    private static final String ID = "650000000000000000000001";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private FeedTestbed feed;
    private FeedProjection projection;
    private Memberships memberships;

    @BeforeEach
    void setUp() {
        feed = new FeedTestbed(inMemoryMongo.connectionString(), json);
        projection = feed.projection();
        memberships = new Memberships(feed.mongo(), feed.memberships());
        projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0, "e0");
    }

    private static MessageSentEvent sent(long seq, String sender) {
        return new MessageSentEvent(ID, "66000000000000000000000" + seq, seq, sender, "hi", List.of(), "c" + seq,
                T0.plusSeconds(seq));
    }

    private List<FeedEvent> feedOf(String userId) {
        return feed.feedOf(userId);
    }

    private JsonNode payload(FeedEvent event) {
        try {
            return json.readTree(event.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long stored() {
        return feed.mongo().getCollection(FeedStream.COLLECTION).countDocuments();
    }

    @Test
    void canTellMembersOfANewConversation() {
        assertThat(feedOf("alice")).singleElement().satisfies(event -> {
            assertThat(event.position()).isEqualTo(1);
            assertThat(event.event()).isEqualTo("conversation_created");
            assertThat(event.eventId()).isEqualTo("e0");
            assertThat(payload(event).at("/conversation/participants").toString()).isEqualTo("[\"alice\",\"bob\"]");
        });
        assertThat(feedOf("bob")).extracting(FeedEvent::event).containsExactly("conversation_created");
        assertThat(feedOf("carol")).isEmpty();
        assertThat(feed.published()).singleElement().satisfies(appended ->
                assertThat(appended.recipients()).containsExactly("alice", "bob"));
    }

    @Test
    void canPutANewMessageInTheStreamOnceWithTheConnectionItCameFrom() {
        projection.on(sent(1, "alice"), 1, "e1", "socket-a1");

        for (String member : List.of("alice", "bob")) {
            assertThat(feedOf(member)).last().satisfies(event -> {
                assertThat(event.position()).isEqualTo(2);
                assertThat(event.event()).isEqualTo("new_message");
                assertThat(event.origin()).isEqualTo("socket-a1");
                assertThat(event.to()).as("every member hears it: nobody listed").isNull();
                assertThat(payload(event).at("/message/seq").asLong()).isEqualTo(1);
                assertThat(payload(event).at("/message/clientMessageId").asText()).isEqualTo("c1");
                assertThat(payload(event).at("/conversation/_id").asText()).isEqualTo(ID);
            });
        }
        assertThat(stored()).isEqualTo(2);
    }

    @Test
    void cannotFanOutAnEventTwice() {
        projection.on(sent(1, "alice"), 1, "e1", null);
        projection.on(sent(1, "alice"), 1, "e1", null);
        projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0, "e0");

        assertThat(feedOf("bob")).extracting(FeedEvent::position, FeedEvent::event)
                .containsExactly(tuple(1L, "conversation_created"), tuple(2L, "new_message"));
        assertThat(stored()).isEqualTo(2);
    }

    @Test
    void canFinishAnEventInterruptedHalfwayWithoutRepeatingIt() {
        // the processor stored the message, then stopped before saving the conversation's version
        Document before = feed.mongo().getCollection(FeedProjection.STATE).find().first();
        projection.on(sent(1, "alice"), 1, "e1", null);
        feed.mongo().getCollection(FeedProjection.STATE).replaceOne(new Document("_id", before.get("_id")), before);

        projection.on(sent(1, "alice"), 1, "e1", null);
        projection.on(sent(2, "bob"), 2, "e2", null);

        assertThat(feedOf("alice")).extracting(FeedEvent::position, FeedEvent::eventId)
                .containsExactly(tuple(1L, "e0"), tuple(2L, "e1"), tuple(3L, "e2"));
        assertThat(feedOf("bob")).extracting(FeedEvent::eventId).containsExactly("e0", "e1", "e2");
        assertThat(feed.published()).extracting(appended -> appended.event().position())
                .as("carried live again, at the same position").containsExactly(1L, 2L, 2L, 3L);
    }

    @Test
    void canFinishAMembershipChangeInterruptedBeforeItsEventWasStored() {
        // the processor noted carol's joining at position 2, then stopped before storing the event
        feed.memberships().apply(List.of(new LiveConversations.Change(List.of("carol"), ID, 2, true)),
                WriteConcern.ACKNOWLEDGED);

        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 1, "e1");
        projection.on(sent(1, "carol"), 2, "e2", null);

        assertThat(feedOf("carol")).extracting(FeedEvent::position, FeedEvent::eventId)
                .containsExactly(tuple(2L, "e1"), tuple(3L, "e2"));
        assertThat(feed.memberships().spansOf("carol")).singleElement()
                .satisfies(span -> assertThat(span.from()).isEqualTo(2));
    }

    @Test
    void canReachExactlyTheMembersAtEachEventWhenMembershipChangesBetweenTwoEventsOfABatch() {
        // one batch, delivered twice (the processor stopped before moving its token), then again from its middle
        List<Runnable> batch = List.of(
                () -> projection.on(sent(1, "alice"), 1, "e1", null),
                () -> projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 2, "e2"),
                () -> projection.on(sent(2, "carol"), 3, "e3", null),
                () -> projection.on(new ParticipantRemovedEvent(ID, "bob", "alice", T0), 4, "e4"),
                () -> projection.on(sent(3, "alice"), 5, "e5", null),
                () -> projection.on(new ParticipantAddedEvent(ID, "bob", "alice", T0), 6, "e6"),
                () -> projection.on(sent(4, "bob"), 7, "e7", null));
        batch.forEach(Runnable::run);
        batch.forEach(Runnable::run);
        batch.subList(3, 7).forEach(Runnable::run);

        assertThat(feedOf("alice")).extracting(FeedEvent::eventId)
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7");
        assertThat(feedOf("carol")).extracting(FeedEvent::eventId).as("from being added on")
                .containsExactly("e2", "e3", "e4", "e5", "e6", "e7");
        assertThat(feedOf("bob")).extracting(FeedEvent::eventId)
                .as("up to their removal, then again from being added back")
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e6", "e7");
        assertThat(feedOf("bob").get(4).to()).as("the removal reaches its members at that moment: nobody listed")
                .isNull();
        assertThat(feed.published()).extracting(AppendedEvent::recipients).as("live, the same recipients")
                .startsWith(List.of("alice", "bob"), List.of("alice", "bob"), List.of("alice", "bob", "carol"),
                        List.of("alice", "bob", "carol"), List.of("alice", "carol", "bob"), List.of("alice", "carol"),
                        List.of("alice", "carol", "bob"), List.of("alice", "carol", "bob"));
        assertThat(stored()).isEqualTo(8);
    }

    @Test
    void cannotReachARemovedMemberAfterTheirOwnRemoval() {
        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 1, "e1");
        projection.on(new ParticipantRemovedEvent(ID, "carol", "alice", T0.plusSeconds(1)), 2, "e2");
        projection.on(sent(1, "alice"), 3, "e3", null);
        projection.on(new MessageReadEvent(ID, "660000000000000000000001", 1, "bob", T0.plusSeconds(3)), 4, "e4");

        assertThat(feedOf("carol")).extracting(FeedEvent::position, FeedEvent::eventId)
                .as("from joining to the removal, which is the last").containsExactly(tuple(2L, "e1"), tuple(3L, "e2"));
        assertThat(payload(feedOf("carol").get(1)).at("/conversation/participants").toString())
                .as("the removed member hears it without themself").isEqualTo("[\"alice\",\"bob\"]");
        assertThat(feedOf("bob")).extracting(FeedEvent::eventId).containsExactly("e0", "e1", "e2", "e3", "e4");
        assertThat(payload(feedOf("bob").get(4)).toString()).isEqualTo(
                "{\"messageId\":\"660000000000000000000001\",\"readBy\":\"bob\",\"conversationId\":\"" + ID + "\"}");
    }

    @Test
    void canTellMembersTheConversationWasDeleted() {
        projection.on(new ConversationDeletedEvent(ID, "alice", T0.plusSeconds(5)), 1, "e1");
        assertThat(feedOf("bob")).last().satisfies(event -> {
            assertThat(event.event()).isEqualTo("conversation_deleted");
            assertThat(payload(event).at("/conversation/isDeleted").asBoolean()).isTrue();
        });
    }

    @Test
    void costsTheSameStoreWritesPerMessageInAGroupOfAThousandAsInAOneToOne() {
        String pair = feed.create(List.of("alice", "bob"));
        List<String> thousand = new ArrayList<>(List.of("alice"));
        IntStream.range(1, 1000).forEach(i -> thousand.add("member-" + i));
        String group = feed.create(thousand);

        int pairWrites = writesFor(pair, 20);
        int groupWrites = writesFor(group, 20);

        assertThat(groupWrites).as("store writes for 20 messages to 1,000 members").isEqualTo(pairWrites);
        assertThat(pairWrites)
                .as("the event once, the conversation's end once, the message's facts (for the pushes of edits,"
                        + " replies and receipts) and its id's seq once each")
                .isEqualTo(4 * 20);
        assertThat(feed.published().get(feed.published().size() - 1).recipients()).hasSize(1000);
        assertThat(feed.feedOf("member-999")).hasSize(21);
    }

    private int writesFor(String conversationId, int messages) {
        int before = feed.writes().get();
        for (int i = 0; i < messages; i++) {
            feed.send(conversationId, "alice", null);
        }
        return feed.writes().get() - before;
    }

    @Test
    void canCatchUpAMemberWhoseMembershipIsOlderThanTheStream() {
        // as a deployment of the earlier per-user feeds left it: a live list, no noted changes
        String old = "650000000000000000000009";
        feed.mongo().getCollection(LiveConversations.COLLECTION).insertOne(
                new Document("_id", "dave").append("conversations", List.of(old)));
        feed.mongo().getCollection(LiveConversations.COLLECTION).insertOne(
                new Document("_id", "erin").append("conversations", List.of(old)));
        feed.mongo().getCollection(FeedProjection.STATE).insertOne(new Document("_id", new org.bson.types.ObjectId(old))
                .append("participants", List.of("dave", "erin")).append("group", true).append("version", 4L));

        projection.on(new MessageSentEvent(old, "660000000000000000000009", 3, "dave", "hi", List.of(), null, T0), 5,
                "o5", null);
        projection.on(new ParticipantRemovedEvent(old, "erin", "dave", T0), 6, "o6");
        projection.on(new MessageSentEvent(old, "66000000000000000000000a", 4, "dave", "hi", List.of(), null, T0), 7,
                "o7", null);

        assertThat(feedOf("dave")).extracting(FeedEvent::eventId).containsExactly("o5", "o6", "o7");
        assertThat(feedOf("erin")).extracting(FeedEvent::eventId).as("up to the removal").containsExactly("o5", "o6");
    }

    @Test
    void canTellWhoSharesALiveConversationWithAUser() {
        String other = "650000000000000000000002";
        projection.on(new ConversationCreatedEvent(other, "carol", List.of("carol", "alice"), false, null, T0), 0,
                "f0");

        assertThat(memberships.contactsOf("alice")).containsExactlyInAnyOrder("bob", "carol");
        assertThat(memberships.contactsOf("bob")).containsExactly("alice");
        assertThat(memberships.contactsOf("dave")).isEmpty();
    }

    @Test
    void cannotCountAConversationAfterTheUserLeftItOrItWasDeleted() {
        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 1, "e1");
        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 1, "e1");
        assertThat(memberships.contactsOf("carol")).containsExactlyInAnyOrder("alice", "bob");

        projection.on(new ParticipantRemovedEvent(ID, "carol", "alice", T0.plusSeconds(1)), 2, "e2");
        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 1, "e1");
        assertThat(memberships.contactsOf("carol")).as("a repeated add after the removal changes nothing").isEmpty();
        assertThat(memberships.contactsOf("bob")).containsExactly("alice");

        projection.on(new ConversationDeletedEvent(ID, "alice", T0.plusSeconds(5)), 3, "e3");
        projection.on(new ConversationDeletedEvent(ID, "alice", T0.plusSeconds(5)), 3, "e3");
        assertThat(memberships.contactsOf("alice")).isEmpty();
        assertThat(memberships.contactsOf("bob")).isEmpty();
    }
}
