package io.parley.push.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Each stored event lands in the feeds of exactly the members it should, once, numbered without a gap. */
class FeedProjectionTest {

    private static final String ID = "650000000000000000000001";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final List<AppendedEvent> published = new ArrayList<>();
    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private UserFeeds feeds;
    private Memberships memberships;
    private FeedProjection projection;

    @BeforeEach
    void setUp() {
        MongoTemplate mongo = inMemoryMongo.template();
        feeds = new UserFeeds(mongo);
        LiveConversations liveConversations = new LiveConversations(mongo);
        memberships = new Memberships(mongo, liveConversations);
        projection = new FeedProjection(mongo, feeds, published::add, liveConversations, json);
        projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0, "e0");
    }

    private static MessageSentEvent sent(long seq, String sender) {
        return new MessageSentEvent(ID, "66000000000000000000000" + seq, seq, sender, "hi", List.of(), "c" + seq,
                T0.plusSeconds(seq));
    }

    private List<FeedEntry> feedOf(String userId) {
        return feeds.after(userId, 0, 100);
    }

    private JsonNode payload(FeedEntry entry) {
        try {
            return json.readTree(entry.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void canTellMembersOfANewConversation() {
        assertThat(feedOf("alice")).singleElement().satisfies(entry -> {
            assertThat(entry.seq()).isEqualTo(1);
            assertThat(entry.event()).isEqualTo("conversation_created");
            assertThat(entry.eventId()).isEqualTo("e0");
            assertThat(payload(entry).at("/conversation/participants").toString()).isEqualTo("[\"alice\",\"bob\"]");
        });
        assertThat(feedOf("bob")).extracting(FeedEntry::event).containsExactly("conversation_created");
        assertThat(published).singleElement().satisfies(appended ->
                assertThat(appended.seqByUser()).containsExactly(entry("alice", 1L), entry("bob", 1L)));
    }

    @Test
    void canPutANewMessageInEveryMembersFeedWithTheConnectionItCameFrom() {
        projection.on(sent(1, "alice"), 1, "e1", "socket-a1");

        for (String member : List.of("alice", "bob")) {
            assertThat(feedOf(member)).last().satisfies(entry -> {
                assertThat(entry.seq()).isEqualTo(2);
                assertThat(entry.event()).isEqualTo("new_message");
                assertThat(entry.origin()).isEqualTo("socket-a1");
                assertThat(payload(entry).at("/message/seq").asLong()).isEqualTo(1);
                assertThat(payload(entry).at("/message/clientMessageId").asText()).isEqualTo("c1");
                assertThat(payload(entry).at("/conversation/_id").asText()).isEqualTo(ID);
            });
        }
    }

    @Test
    void cannotFanOutAnEventTwice() {
        projection.on(sent(1, "alice"), 1, "e1", null);
        projection.on(sent(1, "alice"), 1, "e1", null);
        projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0, "e0");

        assertThat(feedOf("bob")).extracting(FeedEntry::seq, FeedEntry::event)
                .containsExactly(tuple(1L, "conversation_created"), tuple(2L, "new_message"));
    }

    @Test
    void canFinishAnEventInterruptedHalfwayWithoutRepeatingIt() {
        // the processor appended the message to alice's feed, then stopped before bob's and before saving its version
        feeds.keep(new FeedEvent("e1", ID, "new_message", null, "{}"));
        feeds.append("alice", "e1");

        projection.on(sent(1, "alice"), 1, "e1", null);

        assertThat(feedOf("alice")).extracting(FeedEntry::eventId).containsExactly("e0", "e1");
        assertThat(feedOf("bob")).extracting(FeedEntry::eventId).containsExactly("e0", "e1");
    }

    @Test
    void cannotReachARemovedMemberAfterTheirOwnRemoval() {
        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 1, "e1");
        projection.on(new ParticipantRemovedEvent(ID, "carol", "alice", T0.plusSeconds(1)), 2, "e2");
        projection.on(sent(1, "alice"), 3, "e3", null);
        projection.on(new MessageReadEvent(ID, "660000000000000000000001", 1, "bob", T0.plusSeconds(3)), 4, "e4");

        assertThat(feedOf("carol")).extracting(FeedEntry::seq, FeedEntry::eventId)
                .as("from joining to the removal, which is the last").containsExactly(tuple(1L, "e1"), tuple(2L, "e2"));
        assertThat(payload(feedOf("carol").get(1)).at("/conversation/participants").toString())
                .as("the removed member hears it without themself").isEqualTo("[\"alice\",\"bob\"]");
        assertThat(feedOf("bob")).extracting(FeedEntry::eventId).containsExactly("e0", "e1", "e2", "e3", "e4");
        assertThat(payload(feedOf("bob").get(4)).toString()).isEqualTo(
                "{\"messageId\":\"660000000000000000000001\",\"readBy\":\"bob\",\"conversationId\":\"" + ID + "\"}");
    }

    @Test
    void canTellMembersTheConversationWasDeleted() {
        projection.on(new ConversationDeletedEvent(ID, "alice", T0.plusSeconds(5)), 1, "e1");
        assertThat(feedOf("bob")).last().satisfies(entry -> {
            assertThat(entry.event()).isEqualTo("conversation_deleted");
            assertThat(payload(entry).at("/conversation/isDeleted").asBoolean()).isTrue();
        });
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
