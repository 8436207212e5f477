package io.parley.push.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.kernel.api.realtime.ConversationChanged;
import io.parley.kernel.api.realtime.MessageRead;
import io.parley.kernel.api.realtime.MessageSent;
import io.parley.kernel.api.realtime.NewMessage;
import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Each stored event reaches exactly the members it should, once, and the sender's own connection as sent. */
class PushProjectionTest {

    private static final String ID = "650000000000000000000001";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    /** What the sink was asked to deliver: users (or one connection), event, payload, and the connection left out. */
    record Push(List<String> to, String event, Object payload, String except) {
    }

    private final List<Push> pushes = new ArrayList<>();
    private MongoServer server;
    private MongoClient client;
    private PushProjection projection;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("sink", new PushSink() {
            @Override
            public void toUsers(Collection<String> userIds, String event, Object payload, String except) {
                pushes.add(new Push(List.copyOf(userIds), event, payload, except));
            }

            @Override
            public void toConnection(String connectionId, String event, Object payload) {
                pushes.add(new Push(List.of("connection:" + connectionId), event, payload, null));
            }
        });
        projection = new PushProjection(new MongoTemplate(client, "test"), beans.getBeanProvider(PushSink.class),
                new PushNode("test"));
        projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdown();
    }

    private static MessageSentEvent sent(long seq, String sender) {
        return new MessageSentEvent(ID, "66000000000000000000000" + seq, seq, sender, "hi", List.of(), "c" + seq,
                T0.plusSeconds(seq));
    }

    @Test
    void canTellMembersOfANewConversation() {
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.to()).containsExactly("alice", "bob");
            assertThat(push.event()).isEqualTo("conversation_created");
            assertThat(((ConversationChanged) push.payload()).conversation().participants())
                    .containsExactly("alice", "bob");
        });
    }

    @Test
    void canSendNewMessageToOthersAndMessageSentToTheOriginConnection() {
        pushes.clear();
        projection.on(sent(1, "alice"), 1, "socket-a1");

        assertThat(pushes).hasSize(2);
        Push newMessage = pushes.get(0);
        assertThat(newMessage.event()).isEqualTo("new_message");
        assertThat(newMessage.to()).containsExactly("alice", "bob");
        assertThat(newMessage.except()).as("the sender's other devices get it too").isEqualTo("socket-a1");
        NewMessage payload = (NewMessage) newMessage.payload();
        assertThat(payload.message().seq()).isEqualTo(1);
        assertThat(payload.message().clientMessageId()).isEqualTo("c1");
        assertThat(payload.conversation().participants()).containsExactly("alice", "bob");
        assertThat(pushes.get(1)).isEqualTo(new Push(List.of("connection:socket-a1"), "message_sent",
                new MessageSent(payload.message()), null));
    }

    @Test
    void canSendAMessageFromRestToEveryConnection() {
        pushes.clear();
        projection.on(sent(1, "alice"), 1, null);
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.event()).isEqualTo("new_message");
            assertThat(push.except()).isNull();
        });
    }

    @Test
    void cannotPushAnEventTwice() {
        projection.on(sent(1, "alice"), 1, null);
        pushes.clear();
        projection.on(sent(1, "alice"), 1, null);
        projection.on(new ConversationCreatedEvent(ID, "alice", List.of("alice", "bob"), true, "g", T0), 0);
        assertThat(pushes).isEmpty();
    }

    @Test
    void cannotReachARemovedMemberAfterTheirOwnRemoval() {
        projection.on(new ParticipantAddedEvent(ID, "carol", "alice", T0), 1);
        pushes.clear();
        projection.on(new ParticipantRemovedEvent(ID, "carol", "alice", T0.plusSeconds(1)), 2);
        projection.on(sent(1, "alice"), 3, null);
        projection.on(new MessageReadEvent(ID, "660000000000000000000001", 1, "bob", T0.plusSeconds(3)), 4);

        assertThat(pushes).extracting(Push::event, Push::to).containsExactly(
                Tuple.tuple("conversation_updated", List.of("alice", "bob")),
                Tuple.tuple("conversation_updated", List.of("carol")),
                Tuple.tuple("new_message", List.of("alice", "bob")),
                Tuple.tuple("message_read", List.of("alice", "bob")));
        assertThat(((ConversationChanged) pushes.get(1).payload()).conversation().participants())
                .as("the removed member hears it without themself").containsExactly("alice", "bob");
        assertThat(pushes.get(3).payload()).isEqualTo(new MessageRead("660000000000000000000001", "bob", ID));
    }

    @Test
    void canTellMembersTheConversationWasDeleted() {
        pushes.clear();
        projection.on(new ConversationDeletedEvent(ID, "alice", T0.plusSeconds(5)), 1);
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.event()).isEqualTo("conversation_deleted");
            assertThat(((ConversationChanged) push.payload()).conversation().isDeleted()).isTrue();
        });
    }
}
