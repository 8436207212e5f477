package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.socket.RealtimeConnections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Twenty racing deletes of one message: the conversation decides on its own state, so the log holds one
 * MessageDeletedEvent, the other member hears one message_deleted, and every answer is 200 with the same deletedAt.
 * When the aggregate trusted the read model's deletedAt, 7 to 20 deletions were stored.
 */
class DeleteRaceTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");

    @Test
    void racingDeletesOfOneMessageStoreOneEventAndPushOneDeletion() throws Exception {
        NodeClients clients = new NodeClients("http://localhost:" + parley.running().port());
        RealtimeConnections connections = parley.running().context().getBean(RealtimeConnections.class);
        String conversation = parley.post(alice, "/api/conversation",
                "{\"participants\":[\"" + bob + "\"],\"isGroup\":false}").id();
        NodeClients.Run bobs = clients.start("record.mjs",
                NodeClients.env(bob, "websocket", LIMIT, Map.of("EXPECT", "message_deleted,new_message*2")), LIMIT);
        await().atMost(LIMIT).until(() -> connections.connectionsOf(bob).size() == 1);
        String message = parley.post(alice, "/api/message",
                "{\"conversationId\":\"" + conversation + "\",\"content\":\"soon gone\"}").id();

        ExecutorService racers = Executors.newFixedThreadPool(20);
        List<Callable<TestParley.Response>> deletes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            deletes.add(() -> parley.delete(alice, "/api/message/" + message));
        }
        Set<String> deletedAts = new HashSet<>();
        for (Future<TestParley.Response> answer : racers.invokeAll(deletes)) {
            assertThat(answer.get().status()).as("answer %s", answer.get().body()).isEqualTo(200);
            deletedAts.add(answer.get().body().path("deletedAt").asText());
        }
        racers.shutdown();
        assertThat(deletedAts).as("the deletedAt of every answer").hasSize(1);
        // pushes keep their order: once this one arrives, any second deletion would have arrived before it
        parley.post(alice, "/api/message", "{\"conversationId\":\"" + conversation + "\",\"content\":\"after\"}");

        JsonNode heard = bobs.result();
        long deletions = 0;
        for (JsonNode event : heard.path("events")) {
            if (event.path("event").asText().equals("message_deleted")) {
                deletions++;
                assertThat(event.path("payload").path("messageId").asText()).isEqualTo(message);
            }
        }
        assertThat(heard.path("timedOut").asBoolean()).as("report %s", heard).isFalse();
        assertThat(deletions).as("message_deleted pushes in %s", heard).isEqualTo(1);

        String stored = parley.text(TestParley.adminToken("ops"),
                "/api/admin/events?conversationId=" + conversation + "&type=MessageDeletedEvent").body();
        assertThat(stored.lines().filter(line -> !line.isBlank())).as("stored deletions").hasSize(1);
    }
}
