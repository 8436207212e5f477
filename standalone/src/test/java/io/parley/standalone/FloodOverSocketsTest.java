package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand send_message in one second from one client: the server neither crashes nor wedges, every send is
 * acknowledged either as sent or as rate_limited, exactly the sent ones are stored, and the connection still works.
 */
class FloodOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");

    @Test
    void aFloodIsAnsweredAndNothingIsHalfStored() {
        String conversation = parley.post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\"]}").id();
        NodeClients clients = new NodeClients("http://localhost:" + parley.running().port());
        JsonNode flood = clients.start("flood.mjs", Map.of("TOKEN", TestParley.token(alice), "TRANSPORTS",
                "websocket", "CONVERSATION", conversation, "COUNT", "1000",
                "LIMIT_MS", String.valueOf(LIMIT.toMillis())), LIMIT).result();

        assertThat(flood.path("emittedInMs").asLong()).as("report %s", flood).isLessThan(1500);
        long sent = flood.path("outcomes").path("ok").asLong();
        long limited = flood.path("outcomes").path("rate_limited").asLong();
        assertThat(sent + limited).as("every send answered, as sent or rate-limited: %s", flood).isEqualTo(1000);
        assertThat(sent).isPositive();
        assertThat(limited).as("a flood is held to the connection's rate").isPositive();
        assertThat(flood.path("after").path("ok").asBoolean()).as("the connection still works").isTrue();
        assertThat(flood.path("connected").asBoolean()).isTrue();

        JsonNode newest = parley.get(bob, "/api/message/" + conversation + "?limit=1").body().path("messages").get(0);
        assertThat(newest.path("content").asText()).isEqualTo("after the flood");
        assertThat(newest.path("seq").asLong()).as("exactly the acknowledged sends were stored").isEqualTo(sent + 1);
    }
}
