package io.parley.standalone;

import static io.parley.standalone.NodeClients.firstEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.socket.RealtimeConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Parley nodes on one Kafka and one MongoDB: a user connected to one and a user connected to the other exchange
 * messages, typing and read receipts. One node's feed processor fills both users' feeds; each node delivers them to
 * its own connections. Both nodes write the event store, so neither serves the stream's head from memory nor keeps
 * conversations cached between commands.
 */
class TwoPushNodesTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);
    private static final String[] SHARED_STORE = {
        "--parley.event-store.head-cache.enabled=false", "--parley.aggregate-cache.capacity=0"};

    @RegisterExtension
    static final TestParley one = TestParley.perClass(
            SHARED_STORE[0], SHARED_STORE[1]);

    @TempDir
    Path dataDir;

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");

    @Test
    void usersOnDifferentNodesExchangeMessagesTypingAndReceipts() {
        String kafka = one.running().infrastructure().embeddedKafkaBootstrapServers();
        String mongo = one.running().infrastructure().embeddedMongoUri();
        try (TestParley two = TestParley.start(dataDir, "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.data.mongodb.uri=" + mongo, SHARED_STORE[0], SHARED_STORE[1])) {
            NodeClients onOne = new NodeClients("http://localhost:" + one.running().port());
            NodeClients onTwo = new NodeClients("http://localhost:" + two.running().port());
            RealtimeConnections connectionsOne = one.running().context().getBean(RealtimeConnections.class);
            RealtimeConnections connectionsTwo = two.running().context().getBean(RealtimeConnections.class);

            String conversation = one.post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\"]}").id();
            NodeClients.Run alicesDevice = onOne.start("record.mjs", NodeClients.env(alice, "websocket", LIMIT,
                    Map.of("EXPECT", "typing_indicator,new_message,message_read")), LIMIT);
            await().atMost(LIMIT).until(() -> connectionsOne.connectionsOf(alice).size() == 1);
            NodeClients.Run bobs = onTwo.start("record.mjs", NodeClients.env(bob, "websocket", LIMIT,
                    Map.of("TYPE_IN", conversation, "MARK_READ", "1",
                            "EXPECT", "new_message,ack:mark_read,message_read")), LIMIT);
            await().atMost(LIMIT).until(() -> connectionsTwo.connectionsOf(bob).size() == 1);

            JsonNode sender = onOne.start("send.mjs",
                    NodeClients.env(alice, "websocket", LIMIT, Map.of("CONVERSATION", conversation)), LIMIT).result();
            String messageId = sender.path("ack").path("message").path("id").asText();
            assertThat(sender.path("ack").path("ok").asBoolean()).as("report %s", sender).isTrue();

            JsonNode bobsView = bobs.result();
            assertThat(firstEvent(bobsView, "new_message").path("message").path("id").asText())
                    .as("node two delivers what was sent on node one").isEqualTo(messageId);
            assertThat(firstEvent(bobsView, "ack:mark_read").path("ok").asBoolean()).as("report %s", bobsView).isTrue();

            JsonNode alicesView = alicesDevice.result();
            JsonNode typing = firstEvent(alicesView, "typing_indicator");
            assertThat(typing.path("userId").asText()).as("typing crosses nodes").isEqualTo(bob);
            assertThat(typing.path("isTyping").asBoolean()).isTrue();
            assertThat(firstEvent(alicesView, "new_message").path("message").path("id").asText()).isEqualTo(messageId);
            JsonNode read = firstEvent(alicesView, "message_read");
            assertThat(read.path("readBy").asText()).as("a receipt made on node two reaches node one").isEqualTo(bob);
            assertThat(read.path("messageId").asText()).isEqualTo(messageId);
        }
    }
}
