package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.feed.Memberships;
import io.parley.push.socket.RealtimeConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence with the real {@code socket.io-client}: online while any connection is open on any of two nodes, offline
 * with {@code lastSeen} when the last closes, heard only by users who share a live conversation; a node killed
 * without a goodbye takes its users offline once its heartbeats stop; {@code GET /api/presence} answers about
 * contacts only. Heartbeats here are a second apart and a quiet node expires after ten, so nothing waits long.
 */
class PresenceOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String[] NODE = {
        "--parley.event-store.head-cache.enabled=false", "--parley.aggregate-cache.capacity=0",
        "--parley.presence.heartbeat-interval=1s", "--parley.presence.expiry=10s"};

    @RegisterExtension
    static final TestParley one = TestParley.perClass(NODE);

    @TempDir
    Path dataDir;

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String carol = TestParley.uniqueUser("carol");
    private final String dave = TestParley.uniqueUser("dave");
    private final String erin = TestParley.uniqueUser("erin");

    private String direct(String user, String other) {
        TestParley.Response created = one.post(user, "/api/conversation", "{\"participants\":[\"" + other + "\"]}");
        assertThat(created.status()).as("create %s", created.body()).isIn(200, 201);
        return created.id();
    }

    private static Predicate<JsonNode> presence(String userId, String status) {
        return line -> line.path("presence").path("userId").asText().equals(userId)
                && line.path("presence").path("status").asText().equals(status);
    }

    private static List<JsonNode> about(JsonNode result, String userId) {
        return StreamSupport.stream(result.path("events").spliterator(), false)
                .filter(event -> event.path("userId").asText().equals(userId))
                .toList();
    }

    private Map<String, String> until(String userId, String status) {
        return Map.of("UNTIL", userId + ":" + status);
    }

    @Test
    void presenceCrossesNodesAndReachesOnlyUsersWhoShareALiveConversation() {
        Memberships memberships = one.running().context().getBean(Memberships.class);
        direct(alice, bob);
        direct(alice, carol);
        direct(alice, dave);
        direct(alice, erin);
        String former = direct(dave, bob);
        await().atMost(LIMIT).until(() -> memberships.contactsOf(dave).contains(bob));
        assertThat(one.delete(dave, "/api/conversation/" + former).status()).isEqualTo(200);
        await().atMost(LIMIT).until(() -> memberships.contactsOf(dave).equals(Set.of(alice))
                && memberships.contactsOf(alice).equals(Set.of(bob, carol, dave, erin)));

        String kafka = one.running().infrastructure().embeddedKafkaBootstrapServers();
        String mongo = one.running().infrastructure().embeddedMongoUri();
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + kafka, "--spring.data.mongodb.uri=" + mongo));
        args.addAll(List.of(NODE));
        try (TestParley two = TestParley.start(dataDir, args.toArray(String[]::new))) {
            NodeClients onOne = new NodeClients("http://localhost:" + one.running().port());
            NodeClients onTwo = new NodeClients("http://localhost:" + two.running().port());
            RealtimeConnections connectionsTwo = two.running().context().getBean(RealtimeConnections.class);

            NodeClients.Run alices = onOne.start("presence.mjs",
                    NodeClients.env(alice, "websocket", LIMIT, until(bob, "offline")), LIMIT);
            alices.awaitLine("connected");
            // carol shares a conversation with alice only, dave shares one with alice and had one with bob
            NodeClients.Run carols = onOne.start("presence.mjs",
                    NodeClients.env(carol, "websocket", LIMIT, until(alice, "offline")), LIMIT);
            NodeClients.Run daves = onOne.start("presence.mjs",
                    NodeClients.env(dave, "websocket", LIMIT, until(alice, "offline")), LIMIT);
            carols.awaitLine("connected");
            daves.awaitLine("connected");

            NodeClients.Run bobOnTwo = onTwo.start("presence.mjs", NodeClients.env(bob, "websocket", LIMIT, Map.of()),
                    LIMIT);
            alices.awaitLine(presence(bob, "online"));
            NodeClients.Run bobOnOne = onOne.start("presence.mjs", NodeClients.env(bob, "polling", LIMIT, Map.of()),
                    LIMIT);
            bobOnOne.awaitLine("connected");
            await().atMost(LIMIT).until(() -> one.running().context().getBean(RealtimeConnections.class)
                    .connectionsOf(bob).size() == 1);
            bobOnTwo.stop();
            await().atMost(LIMIT).until(() -> connectionsTwo.connectionsOf(bob).isEmpty());

            // node two's records keep their order: once alice hears erin (on two) come online, node one has read
            // that bob's connection on two closed, and bob, still connected to node one, stays online
            NodeClients.Run erins = onTwo.start("presence.mjs", NodeClients.env(erin, "websocket", LIMIT, Map.of()),
                    LIMIT);
            alices.awaitLine(presence(erin, "online"));
            try {
                assertThat(alices.lines()).noneMatch(presence(bob, "offline"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            await().atMost(LIMIT).untilAsserted(() -> assertThat(
                    two.get(alice, "/api/presence?users=" + bob).body().at("/presence/0/status").asText())
                    .as("node two has read that bob is on node one").isEqualTo("online"));

            Instant beforeLastClose = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            bobOnOne.stop();
            JsonNode alicesView = alices.result();
            List<JsonNode> bobs = about(alicesView, bob);
            assertThat(bobs).as("alice hears %s", alicesView).hasSize(2);
            assertThat(bobs.get(0).path("status").asText()).isEqualTo("online");
            assertThat(bobs.get(0).path("lastSeen").isNull()).as("never seen before").isTrue();
            assertThat(bobs.get(1).path("status").asText()).isEqualTo("offline");
            Instant lastSeen = Instant.parse(bobs.get(1).path("lastSeen").asText());
            assertThat(lastSeen).as("when his last connection closed").isAfterOrEqualTo(beforeLastClose);
            assertThat(bobs).as("not a stored event: nothing to catch up from")
                    .allSatisfy(heard -> assertThat(heard.has("cursor") || heard.has("eventId")).isFalse());

            await().atMost(LIMIT).untilAsserted(() -> assertThat(two.get(alice, "/api/presence?users=" + bob).body())
                    .as("node two knows it too").hasToString(
                            "{\"presence\":[{\"userId\":\"" + bob + "\",\"status\":\"offline\",\"lastSeen\":\""
                                    + bobs.get(1).path("lastSeen").asText() + "\"}]}"));

            for (NodeClients.Run other : List.of(carols, daves)) {
                JsonNode heard = other.result();
                assertThat(about(heard, bob)).as("nothing about bob: %s", heard).isEmpty();
                assertThat(about(heard, alice)).as("but alice leaving: %s", heard).isNotEmpty();
            }
            erins.stop();
        }
    }

    @Test
    void aNodeKilledWithoutGoodbyeTakesItsUsersOfflineOnceItsHeartbeatsStop() throws Exception {
        direct(alice, bob);
        await().atMost(LIMIT).until(() -> one.running().context().getBean(Memberships.class)
                .contactsOf(alice).contains(bob));
        // alice's client outlives a slow start of the third JVM
        Duration aliceLimit = Duration.ofSeconds(240);
        NodeClients.Run alices = new NodeClients("http://localhost:" + one.running().port()).start("presence.mjs",
                NodeClients.env(alice, "websocket", aliceLimit, until(bob, "offline")), aliceLimit);
        alices.awaitLine("connected");

        int port = freePort();
        Process three = startJvm(port);
        try {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            NodeClients.Run bobs = new NodeClients("http://localhost:" + port).start("presence.mjs",
                    NodeClients.env(bob, "websocket", LIMIT, Map.of()), LIMIT);
            alices.awaitLine(presence(bob, "online"));
            assertThat(one.get(alice, "/api/presence?users=" + bob).body().at("/presence/0/status").asText())
                    .isEqualTo("online");

            Instant killed = Instant.now();
            three.destroyForcibly().waitFor();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .alias("the contract's bound for a dead node")
                    .until(() -> alices.lines().stream().anyMatch(presence(bob, "offline")));
            JsonNode offline = alices.awaitLine(presence(bob, "offline")).path("presence");
            assertThat(Instant.parse(offline.path("lastSeen").asText()))
                    .as("last seen at the dead node's last heartbeat").isBefore(killed.plusSeconds(1));
            assertThat(one.get(alice, "/api/presence?users=" + bob).body().at("/presence/0/status").asText())
                    .isEqualTo("offline");
            bobs.stop();
        } finally {
            three.destroyForcibly();
        }
    }

    @Test
    void getPresenceAnswersAboutContactsOnlyInTheOrderAsked() {
        direct(alice, bob);
        direct(alice, carol);
        await().atMost(LIMIT).until(() -> one.running().context().getBean(Memberships.class)
                .contactsOf(alice).equals(Set.of(bob, carol)));
        NodeClients.Run carols = new NodeClients("http://localhost:" + one.running().port()).start("presence.mjs",
                NodeClients.env(carol, "websocket", LIMIT, Map.of()), LIMIT);
        carols.awaitLine("connected");

        await().atMost(LIMIT).untilAsserted(() -> assertThat(
                one.get(alice, "/api/presence?users=" + carol + ",dave," + alice + "," + bob + "," + carol).body())
                .as("strangers and the caller left out, a repeat answered once").hasToString(
                        "{\"presence\":[{\"userId\":\"" + carol + "\",\"status\":\"online\",\"lastSeen\":null},"
                                + "{\"userId\":\"" + bob + "\",\"status\":\"offline\",\"lastSeen\":null}]}"));
        assertThat(one.get(dave, "/api/presence?users=" + carol + "," + alice).body().toString())
                .isEqualTo("{\"presence\":[]}");
        carols.stop();
        await().atMost(LIMIT).until(() -> one.get(alice, "/api/presence?users=" + carol).body()
                .at("/presence/0/status").asText().equals("offline"));
    }

    @Test
    void getPresenceRefusesAMissingBadOrTooLongList() {
        String hundredAndOne = String.join(",", IntStream.rangeClosed(0, 100).mapToObj(i -> "u" + i).toList());
        String hundred = String.join(",", IntStream.range(0, 100).mapToObj(i -> "u" + i).toList());
        for (String query : List.of("", "?users=", "?users=a,,b", "?users=a%20b", "?users=" + hundredAndOne,
                "?users=" + "x".repeat(129))) {
            TestParley.Response refused = one.get(alice, "/api/presence" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.errorCode()).as(query).isEqualTo("validation_failed");
            assertThat(refused.body().at("/error/message").asText()).as(query).isNotBlank();
        }
        assertThat(one.get(alice, "/api/presence?users=" + hundred).status()).isEqualTo(200);
        assertThat(one.get(null, "/api/presence?users=" + bob).status()).isEqualTo(401);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A third node in a JVM of its own, on node one's Kafka and MongoDB, so that it can be killed outright. */
    private Process startJvm(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-Daxoniq.update-checker.disabled=true",
                "-cp", System.getProperty("java.class.path"), ParleyStandalone.class.getName(),
                "--server.port=" + port,
                "--parley.data-dir=" + dataDir.resolve("three"),
                "--parley.jwt.secret=" + TestParley.SECRET,
                "--spring.kafka.bootstrap-servers=" + one.running().infrastructure().embeddedKafkaBootstrapServers(),
                "--spring.data.mongodb.uri=" + one.running().infrastructure().embeddedMongoUri()));
        command.addAll(List.of(NODE));
        Path log = Files.createTempFile(dataDir, "node-three-", ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
