package io.parley.standalone;

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
 * Typing over the real socket.io-client: the other members hear isTyping true, then false when the typist stays
 * silent past the timeout (3 s here) or disconnects; bad or foreign typing is refused; nothing reaches the typist.
 */
class TypingOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final long TIMEOUT_MS = 3000;

    @RegisterExtension
    static final TestParley parley = TestParley.perClass("--parley.realtime.typing-timeout=" + TIMEOUT_MS + "ms");

    private static NodeClients clients;
    private static RealtimeConnections connections;

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");

    @BeforeAll
    static void clients() {
        clients = new NodeClients("http://localhost:" + parley.running().port());
        connections = parley.running().context().getBean(RealtimeConnections.class);
    }

    private record Typed(JsonNode typist, List<JsonNode> indicators) {
    }

    private Typed type(String mode) {
        String conversation = parley.post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\"]}").id();
        String foreign = parley.post(bob, "/api/conversation",
                "{\"participants\":[\"" + TestParley.uniqueUser("zed") + "\"]}").id();
        NodeClients.Run bobs = clients.start("record.mjs", Map.of("TOKEN", TestParley.token(bob), "TRANSPORTS",
                "websocket", "EXPECT", "typing_indicator*2", "LIMIT_MS", String.valueOf(LIMIT.toMillis())), LIMIT);
        await().atMost(LIMIT).until(() -> connections.connectionsOf(bob).size() == 1);
        JsonNode typist = clients.start("typing.mjs", Map.of("TOKEN", TestParley.token(alice), "TRANSPORTS",
                "polling", "CONVERSATION", conversation, "FOREIGN", foreign, "MODE", mode,
                "WAIT_MS", String.valueOf(TIMEOUT_MS + 1500), "LIMIT_MS", String.valueOf(LIMIT.toMillis())),
                LIMIT).result();
        List<JsonNode> indicators = new ArrayList<>();
        bobs.result().path("events").forEach(indicators::add);
        assertThat(typist.path("typing").path("ok").asBoolean()).as("typist's report %s", typist).isTrue();
        assertThat(typist.path("bad").path("error").path("code").asText()).isEqualTo("validation_failed");
        assertThat(typist.path("foreign").path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(indicators).extracting(event -> event.path("event").asText())
                .containsExactly("typing_indicator", "typing_indicator");
        for (int i = 0; i < 2; i++) {
            JsonNode payload = indicators.get(i).path("payload");
            assertThat(payload.path("conversationId").asText()).isEqualTo(conversation);
            assertThat(payload.path("userId").asText()).isEqualTo(alice);
            assertThat(payload.path("isTyping").asBoolean()).isEqualTo(i == 0);
        }
        return new Typed(typist, indicators);
    }

    @Test
    void typingEndsWhenTheTypistStaysSilent() {
        Typed typed = type("expire");
        long silentFor = typed.indicators().get(1).path("at").asLong() - typed.typist().path("typedAt").asLong();
        assertThat(silentFor).as("false came with the timeout").isBetween(TIMEOUT_MS - 200, TIMEOUT_MS + 1500);
        assertThat(typed.typist().path("connected").asBoolean()).isTrue();
    }

    @Test
    void aStopAfterTheExpiryIsNotRelayedASecondTime() {
        String conversation = parley.post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\"]}").id();
        String foreign = parley.post(bob, "/api/conversation",
                "{\"participants\":[\"" + TestParley.uniqueUser("zed") + "\"]}").id();
        NodeClients.Run bobs = clients.start("record.mjs", Map.of("TOKEN", TestParley.token(bob), "TRANSPORTS",
                "websocket", "EXPECT", "typing_indicator*4", "LIMIT_MS", String.valueOf(LIMIT.toMillis())), LIMIT);
        await().atMost(LIMIT).until(() -> connections.connectionsOf(bob).size() == 1);
        JsonNode typist = clients.start("typing.mjs", Map.of("TOKEN", TestParley.token(alice), "TRANSPORTS",
                "websocket", "CONVERSATION", conversation, "FOREIGN", foreign, "MODE", "late-stop",
                "WAIT_MS", String.valueOf(TIMEOUT_MS + 1500), "LIMIT_MS", String.valueOf(LIMIT.toMillis())),
                LIMIT).result();

        assertThat(typist.path("lateStop").path("ok").asBoolean()).as("%s", typist).isTrue();
        assertThat(typist.path("stop").path("ok").asBoolean()).isTrue();
        List<Boolean> heard = new ArrayList<>();
        bobs.result().path("events").forEach(event -> heard.add(event.path("payload").path("isTyping").asBoolean()));
        assertThat(heard).as("true, false by the expiry, then the second round: never false twice")
                .containsExactly(true, false, true, false);
    }

    @Test
    void typingEndsWhenTheTypistDisconnects() {
        Typed typed = type("disconnect");
        long after = typed.indicators().get(1).path("at").asLong() - typed.typist().path("typedAt").asLong();
        assertThat(after).as("false came with the disconnect, well before the timeout").isLessThan(TIMEOUT_MS - 500);
    }
}
