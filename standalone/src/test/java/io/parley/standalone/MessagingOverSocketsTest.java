package io.parley.standalone;

import static io.parley.standalone.NodeClients.firstEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.socket.RealtimeConnections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages over the real socket.io-client: the event stream reaches every member's connections as API.md says, the
 * sending connection hears message_sent, a removed member hears nothing further, and bad input is refused with the
 * error event and a failed acknowledgement while the connection stays usable.
 */
class MessagingOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private static NodeClients clients;
    private static RealtimeConnections connections;

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String carol = TestParley.uniqueUser("carol");

    @BeforeAll
    static void clients() {
        clients = new NodeClients("http://localhost:" + parley.running().port());
        connections = parley.running().context().getBean(RealtimeConnections.class);
    }

    private NodeClients.Run record(String user, String transport, Map<String, String> more) {
        return clients.start("record.mjs", NodeClients.env(user, transport, LIMIT, more), LIMIT);
    }

    private static List<String> names(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.path("events").forEach(event -> names.add(event.path("event").asText()));
        return names;
    }

    @Test
    void aMessageSentOverASocketReachesEveryMemberAsTheApiSays() {
        String group = parley.post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\",\"" + carol
                + "\"],\"isGroup\":true,\"groupName\":\"live\"}").id();
        NodeClients.Run alicesOtherDevice = record(alice, "polling", Map.of("EXPECT", "new_message,message_read"));
        NodeClients.Run bobs = record(bob, "websocket",
                Map.of("EXPECT", "new_message,message_read,ack:mark_read", "MARK_READ", "1"));
        NodeClients.Run carols = record(carol, "websocket", Map.of());
        await().atMost(LIMIT).until(() -> connections.connectionsOf(alice).size() == 1
                && connections.connectionsOf(bob).size() == 1 && connections.connectionsOf(carol).size() == 1);

        parley.post(alice, "/api/conversation/participant/remove",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"" + carol + "\"}");
        JsonNode sender = clients.start("send.mjs",
                NodeClients.env(alice, "websocket", LIMIT, Map.of("CONVERSATION", group)), LIMIT).result();

        assertThat(sender.path("bad").path("ok").asBoolean()).as("report %s", sender).isFalse();
        assertThat(sender.path("bad").path("error").path("code").asText()).isEqualTo("validation_failed");
        JsonNode error = firstEvent(sender, "error");
        assertThat(error.path("event").asText()).isEqualTo("send_message");
        assertThat(error.path("code").asText()).isEqualTo("validation_failed");

        JsonNode ack = sender.path("ack");
        assertThat(ack.path("ok").asBoolean()).as("report %s", sender).isTrue();
        JsonNode message = ack.path("message");
        assertThat(message.path("content").asText()).isEqualTo("over the socket");
        assertThat(message.path("sender").asText()).isEqualTo(alice);
        assertThat(message.path("seq").asLong()).isEqualTo(1);
        assertThat(firstEvent(sender, "message_sent").path("message").path("id").asText())
                .isEqualTo(message.path("id").asText());
        assertThat(names(sender)).as("the sending connection gets message_sent, not new_message")
                .doesNotContain("new_message");

        JsonNode onOtherDevice = alicesOtherDevice.result();
        JsonNode newMessage = firstEvent(onOtherDevice, "new_message");
        assertThat(newMessage.path("message").path("id").asText()).isEqualTo(message.path("id").asText());
        assertThat(newMessage.path("conversation").path("_id").asText()).isEqualTo(group);
        assertThat(newMessage.path("conversation").path("isGroup").asBoolean()).isTrue();
        JsonNode read = firstEvent(onOtherDevice, "message_read");
        assertThat(read.path("messageId").asText()).isEqualTo(message.path("id").asText());
        assertThat(read.path("readBy").asText()).isEqualTo(bob);
        assertThat(read.path("conversationId").asText()).isEqualTo(group);

        JsonNode bobsView = bobs.result();
        assertThat(firstEvent(bobsView, "new_message").path("message").path("content").asText())
                .isEqualTo("over the socket");
        JsonNode markReadAck = firstEvent(bobsView, "ack:mark_read");
        assertThat(markReadAck.path("ok").asBoolean()).as("report %s", bobsView).isTrue();
        assertThat(markReadAck.path("messageId").asText()).isEqualTo(message.path("id").asText());
        assertThat(markReadAck.path("conversationId").asText()).isEqualTo(group);
        assertThat(firstEvent(bobsView, "message_read").path("readBy").asText()).isEqualTo(bob);

        connections.emitToUser(carol, "bye", null);
        JsonNode carolsView = carols.result();
        assertThat(names(carolsView)).as("carol hears her removal and nothing after it")
                .containsExactly("conversation_updated");
        List<String> stillIn = new ArrayList<>();
        firstEvent(carolsView, "conversation_updated").path("conversation").path("participants")
                .forEach(participant -> stillIn.add(participant.asText()));
        assertThat(stillIn).containsExactly(alice, bob);
        assertThat(parley.get(bob, "/api/conversation/" + group).body().path("unreadCount").asLong()).isZero();
    }
}
