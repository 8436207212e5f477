package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.error.ParleyException;
import io.parley.push.socket.ClientEvents;
import io.parley.push.socket.Connection;
import io.parley.push.socket.RealtimeConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Socket.IO endpoint as the real {@code socket.io-client} sees it: handshake authentication, both transports
 * and the upgrade, pushes to a user's connections, acknowledged client events and their errors, and heartbeats.
 */
class SocketTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PING_INTERVAL = Duration.ofMillis(500);
    private static final Duration LISTEN_LIMIT = Duration.ofSeconds(15);

    /** Room for a busy 2-core machine, yet a lost pong still ends a connection well inside the heartbeat test. */
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass(
            "--parley.realtime.ping-interval=" + PING_INTERVAL.toMillis() + "ms",
            "--parley.realtime.ping-timeout=" + PING_TIMEOUT.toMillis() + "ms");

    private static NodeClients clients;
    private static RealtimeConnections connections;

    private String alice;
    private String bob;

    @BeforeAll
    static void registerTestEvents() {
        clients = new NodeClients("http://localhost:" + parley.running().port());
        connections = parley.running().context().getBean(RealtimeConnections.class);
        ClientEvents events = parley.running().context().getBean(ClientEvents.class);
        events.on("echo", (connection, payload) -> Map.of("echo", payload, "userId", connection.userId()));
        events.on("refuse", (connection, payload) -> {
            throw ParleyException.validation("refused: " + payload.path("text").asText());
        });
    }

    @BeforeEach
    void freshUsers() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        alice = "alice-" + run;
        bob = "bob-" + run;
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void connectsWithAValidTokenOnOneTransport(String transport) {
        JsonNode result = clients.run("connect.mjs", Map.of("TOKEN", TestParley.token(alice), "TRANSPORTS", transport));

        assertThat(result.path("events")).as("client's report %s", result).isEqualTo(json("['connect']"));
        assertThat(result.path("openedOn").asText()).isEqualTo(transport);
        assertThat(result.path("upgraded").asBoolean()).isFalse();
        assertThat(result.path("transport").asText()).isEqualTo(transport);
        assertThat(result.path("id").asText()).isNotBlank();
    }

    @Test
    void connectsOverPollingThenUpgradesToWebSocket() {
        JsonNode result = clients.run("connect.mjs",
                Map.of("TOKEN", TestParley.token(alice), "EXPECT_UPGRADE", "true"));

        assertThat(result.path("events")).as("client's report %s", result).isEqualTo(json("['connect']"));
        assertThat(result.path("openedOn").asText()).isEqualTo("polling");
        assertThat(result.path("upgraded").asBoolean()).isTrue();
        assertThat(result.path("transport").asText()).isEqualTo("websocket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void refusesAMissingToken(String transport) {
        JsonNode result = clients.run("connect.mjs", Map.of("TRANSPORTS", transport));

        assertRefused(result, "missing token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void refusesAnExpiredToken(String transport) {
        String expired = TestParley.token(alice, Instant.now().minusSeconds(600), TestParley.SECRET);

        JsonNode result = clients.run("connect.mjs", Map.of("TOKEN", expired, "TRANSPORTS", transport));

        assertRefused(result, "token expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void refusesAWronglySignedToken(String transport) {
        String otherSecret = "another-secret-that-is-at-least-32-bytes";
        String forged = TestParley.token(alice, Instant.now().plusSeconds(600), otherSecret);

        JsonNode result = clients.run("connect.mjs", Map.of("TOKEN", forged, "TRANSPORTS", transport));

        assertRefused(result, "token signature is not valid");
    }

    @Test
    void refusesAMalformedToken() {
        JsonNode result = clients.run("connect.mjs", Map.of("TOKEN", "not-a-jwt", "TRANSPORTS", "websocket"));

        assertRefused(result, "malformed token");
    }

    /** JSON written with single quotes, compared as a tree: the library's org.json keeps no key order. */
    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRefused(JsonNode result, String reason) {
        assertThat(result.path("events")).as("client's report %s", result).isEqualTo(json("['connect_error']"));
        assertThat(result.path("message").asText()).isEqualTo(reason);
    }

    @Test
    void emitToUserReachesEveryConnectionOfThatUserOnly() {
        NodeClients.Run aliceOnWebSocket = listen(alice, "websocket");
        NodeClients.Run aliceOnPolling = listen(alice, "polling");
        NodeClients.Run bobOnWebSocket = listen(bob, "websocket");
        await().atMost(LISTEN_LIMIT).until(() ->
                connections.connectionsOf(alice).size() == 2 && connections.connectionsOf(bob).size() == 1);
        List<String> alicesConnections = connections.connectionsOf(alice).stream().map(Connection::id).toList();

        connections.emitToUser(alice, "hello", Map.of("n", 1));
        // pushes to one connection keep their order: "bye" arriving means "hello" had its chance to arrive first
        connections.emitToUser(alice, "bye", null);
        connections.emitToUser(bob, "bye", null);

        JsonNode onWebSocket = aliceOnWebSocket.result();
        JsonNode onPolling = aliceOnPolling.result();
        JsonNode bobs = bobOnWebSocket.result();
        assertThat(onWebSocket.path("hellos")).isEqualTo(json("[{'n':1}]"));
        assertThat(onWebSocket.path("transport").asText()).isEqualTo("websocket");
        assertThat(onPolling.path("hellos")).isEqualTo(json("[{'n':1}]"));
        assertThat(onPolling.path("transport").asText()).isEqualTo("polling");
        assertThat(bobs.path("hellos")).isEqualTo(json("[]"));
        // the server's connections of alice are the very sockets alice's clients hold
        assertThat(alicesConnections)
                .containsExactlyInAnyOrder(onWebSocket.path("id").asText(), onPolling.path("id").asText());
    }

    private NodeClients.Run listen(String user, String transport) {
        return clients.start("listen.mjs", Map.of("TOKEN", TestParley.token(user), "TRANSPORTS", transport),
                LISTEN_LIMIT);
    }

    @Test
    void emitToConnectionReachesThatConnectionOnly() {
        NodeClients.Run first = listen(alice, "websocket");
        NodeClients.Run second = listen(alice, "polling");
        await().atMost(LISTEN_LIMIT).until(() -> connections.connectionsOf(alice).size() == 2);
        String target = connections.connectionsOf(alice).get(0).id();

        connections.emitToConnection(target, "hello", Map.of("only", target));
        connections.emitToUser(alice, "bye", null);

        JsonNode reached = first.result();
        JsonNode other = second.result();
        if (!reached.path("id").asText().equals(target)) {
            JsonNode swap = reached;
            reached = other;
            other = swap;
        }
        assertThat(reached.path("id").asText()).isEqualTo(target);
        assertThat(reached.path("hellos")).isEqualTo(json("[{'only':'" + target + "'}]"));
        assertThat(other.path("hellos")).isEqualTo(json("[]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void clientEventsAreAcknowledgedAndRefusalsReported(String transport) {
        JsonNode result = clients.run("events.mjs", Map.of("TOKEN", TestParley.token(alice), "TRANSPORTS", transport));

        assertThat(result.path("echo")).as("client's report %s", result)
                .isEqualTo(json("{'ok':true,'echo':{'text':'hi'},'userId':'" + alice + "'}"));
        assertThat(result.path("refused"))
                .isEqualTo(json("{'ok':false,'error':{'code':'validation_failed','message':'refused: no'}}"));
        assertThat(result.path("errors")).isEqualTo(json("["
                + "{'message':'refused: no','code':'validation_failed','event':'refuse'},"
                + "{'message':'unknown event: no_such_event','code':'validation_failed','event':'no_such_event'}]"));
        assertThat(result.path("largeLength").asInt()).isEqualTo(20_000);
        assertThat(result.path("again").path("echo").path("text").asText()).isEqualTo("still here");
        assertThat(result.path("connected").asBoolean()).isTrue();
        assertThat(result.path("transport").asText()).isEqualTo(transport);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void heartbeatsKeepAConnectionOpenPastManyIntervals(String transport) {
        // past several intervals, and past the point where a connection without pongs would have been closed
        Duration stay = PING_INTERVAL.multipliedBy(8);
        assertThat(stay).isGreaterThan(PING_INTERVAL.plus(PING_TIMEOUT));

        JsonNode result = clients.run("heartbeat.mjs", Map.of(
                "TOKEN", TestParley.token(alice), "TRANSPORTS", transport, "STAY_MS", String.valueOf(stay.toMillis())));

        assertThat(result.path("disconnects")).as("client's report %s", result).isEqualTo(json("[]"));
        assertThat(result.path("connected").asBoolean()).isTrue();
        assertThat(result.path("sameConnection").asBoolean()).isTrue();
        assertThat(result.path("pings").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(result.path("transport").asText()).isEqualTo(transport);
    }
}
