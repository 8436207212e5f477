package io.parley.push.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import io.parley.testing.InMemoryMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The pushes of edits, reactions, replies and delivery receipts: to whom, with what, and once. */
class FeedFeaturesProjectionTest {

    private static final String ID = "650000000000000000000001";
    private static final String M1 = "660000000000000000000001";
    private static final String M2 = "660000000000000000000002";
    private static final String M3 = "660000000000000000000003";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final List<AppendedEvent> published = new ArrayList<>();
    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private FeedStream stream;
    private FeedProjection projection;

    @BeforeEach
    void setUp() {
        MongoTemplate mongo = inMemoryMongo.template();
        LiveConversations memberships = new LiveConversations(mongo);
        stream = new FeedStream(mongo, memberships);
        projection = new FeedProjection(mongo, stream, published::add, memberships,
                new FeedAnswers(mongo, Duration.ofSeconds(5)), json);
    }

    /**
     * alice, bob, carol; bob 1, alice 2 (a reply to 1), bob edits 1, carol reacts twice and takes one back, dave
     * joins, bob 3, carol marks 3 delivered, alice reads 3, alice marks 2 delivered (already read), bob deletes 1.
     */
    private void applyHistory(int times) {
        List<Runnable> events = List.of(
                () -> projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob", "carol"), true,
                        "g", T0), 0, "e0"),
                () -> projection.on(new MessageSentEvent(ID, M1, 1, "bob", "first", List.of(), null, T0), 1, "e1",
                        null),
                () -> projection.on(new MessageSentEvent(ID, M2, 2, "alice", "re", List.of(), null, T0, M1), 2, "e2",
                        null),
                () -> projection.on(new MessageEditedEvent(ID, M1, 1, "bob", "second", T0.plusSeconds(1)), 3, "e3"),
                () -> projection.on(new ReactionAddedEvent(ID, M1, 1, "carol", ":tada:", T0), 4, "e4"),
                () -> projection.on(new ReactionAddedEvent(ID, M1, 1, "carol", ":+1:", T0), 5, "e5"),
                () -> projection.on(new ReactionRemovedEvent(ID, M1, 1, "carol", ":tada:", T0), 6, "e6"),
                () -> projection.on(new ParticipantAddedEvent(ID, "dave", "alice", T0), 7, "e7"),
                () -> projection.on(new MessageSentEvent(ID, M3, 3, "bob", "third", List.of(), null, T0, M1), 8, "e8",
                        null),
                () -> projection.on(new MessageDeliveredEvent(ID, M3, 3, "carol", T0), 9, "e9"),
                () -> projection.on(new MessageReadEvent(ID, M3, 3, "alice", T0), 10, "e10"),
                () -> projection.on(new MessageDeliveredEvent(ID, M2, 2, "alice", T0), 11, "e11"),
                () -> projection.on(new MessageDeletedEvent(ID, M1, 1, "bob", T0), 12, "e12"));
        for (Runnable event : events) {
            for (int i = 0; i < times; i++) {
                event.run();
            }
        }
    }

    /** What the user hears from the start, in order. */
    private List<FeedEvent> feedOf(String userId) {
        return stream.reader(userId, 0, stream.head()).next(100);
    }

    private JsonNode payload(FeedEvent entry) {
        try {
            return json.readTree(entry.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode only(String userId, String event) {
        List<FeedEvent> entries = feedOf(userId).stream().filter(entry -> entry.event().equals(event)).toList();
        assertThat(entries).hasSize(1);
        return payload(entries.get(0));
    }

    @Test
    void canPushTheWholeMessageAfterAnEdit() {
        applyHistory(1);
        JsonNode message = only("carol", "message_edited").get("message");
        assertThat(message.get("content").asText()).isEqualTo("second");
        assertThat(message.get("isEdited").asBoolean()).isTrue();
        assertThat(message.get("editedAt").asText()).isEqualTo("2026-11-24T10:00:01Z");
        assertThat(message.get("reactions").toString()).isEqualTo("[]");
        assertThat(message.get("replyTo").isNull()).isTrue();
        assertThat(feedOf("alice")).extracting(FeedEvent::event).contains("message_edited");
    }

    @Test
    void canPushEachReactionChangeToEveryMember() {
        applyHistory(1);
        for (String member : List.of("alice", "bob", "carol")) {
            assertThat(feedOf(member).stream()
                    .filter(entry -> entry.event().startsWith("reaction_"))
                    .map(entry -> entry.event() + " " + payload(entry).get("emoji").asText() + " "
                            + payload(entry).get("userId").asText()))
                    .containsExactly("reaction_added :tada: carol", "reaction_added :+1: carol",
                            "reaction_removed :tada: carol");
        }
        assertThat(feedOf("dave")).extracting(FeedEvent::event).doesNotContain("reaction_added");
    }

    @Test
    void canPushTheMessageARepliesTo() {
        applyHistory(1);
        JsonNode reply = feedOf("bob").stream().filter(entry -> entry.eventId().equals("e2")).findFirst()
                .map(this::payload).orElseThrow().at("/message/replyTo");
        assertThat(reply.toString())
                .isEqualTo("{\"id\":\"" + M1 + "\",\"sender\":\"bob\",\"content\":\"first\",\"isDeleted\":false}");
        JsonNode lateReply = feedOf("bob").stream().filter(entry -> entry.eventId().equals("e8")).findFirst()
                .map(this::payload).orElseThrow().at("/message/replyTo");
        assertThat(lateReply.get("content").asText())
                .as("dave joined after 1 was sent: the one payload for all leaves its content out").isEmpty();
    }

    @Test
    void canPushDeliveryToTheSenderOncePerUserAndMessage() {
        applyHistory(1);
        assertThat(feedOf("bob").stream().filter(entry -> entry.event().equals("message_delivered"))
                .map(this::payload)
                .map(payload -> tuple(payload.get("messageId").asText(), payload.get("deliveredTo").asText())))
                .as("carol's mark covers 1 and 3 (2 is alice's); alice's read pushes message_read only")
                .containsExactly(tuple(M1, "carol"), tuple(M3, "carol"));
        assertThat(feedOf("alice").stream().filter(entry -> entry.event().equals("message_delivered"))
                .map(this::payload)
                .map(payload -> tuple(payload.get("messageId").asText(), payload.get("deliveredTo").asText())))
                .as("carol's mark covers alice's 2; alice's own mark of 2 (already read) pushes nothing")
                .containsExactly(tuple(M2, "carol"));
        assertThat(feedOf("carol")).extracting(FeedEvent::event).doesNotContain("message_delivered");
        assertThat(feedOf("bob")).filteredOn(entry -> entry.event().equals("message_delivered"))
                .extracting(FeedEvent::eventId).containsExactly("e9:1", "e9:3");
        assertThat(feedOf("bob")).extracting(FeedEvent::event).contains("message_read");
    }

    @Test
    void canApplyEveryEventTwiceWithoutChangeOrNewPushes() {
        applyHistory(1);
        List<List<FeedEvent>> once = List.of(feedOf("alice"), feedOf("bob"), feedOf("carol"), feedOf("dave"));
        int pushedOnce = published.size();
        inMemoryMongo.template().getDb().drop();
        published.clear();
        setUp(); // the stream caches its head

        applyHistory(2);

        assertThat(List.of(feedOf("alice"), feedOf("bob"), feedOf("carol"), feedOf("dave"))).isEqualTo(once);
        assertThat(published).as("a repeat at or below the conversation's version pushes nothing").hasSize(pushedOnce);
    }
}
