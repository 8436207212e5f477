package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledgement is a promise, even across {@code kill -9}: the standalone runs as a JVM of its own, three REST
 * senders and a socket sender send with clientMessageIds and retry whatever got no answer, and the process is killed
 * with SIGKILL three times under that load (once in the middle of a burst) and started again on the same data.
 * Afterwards every acknowledged message is in the event store and in history exactly once with the id and seq it was
 * acknowledged with, seqs have no gap, the consistency audit finds nothing, and a member who kept a catch-up cursor
 * from before the load hears every message once, in order.
 */
class CrashSafetyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int PER_SENDER = 80;
    private static final int SENDERS = 4;

    @TempDir
    Path dir;

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String carol = TestParley.uniqueUser("carol");
    private final String dave = TestParley.uniqueUser("dave");
    private final List<String> args = new ArrayList<>();
    private String url;
    private Process parley;

    @Test
    void everyAcknowledgedMessageSurvivesKillsUnderLoadOnceWithItsIdAndSeq() throws Exception {
        int port = freePort();
        url = "http://localhost:" + port;
        args.addAll(List.of("--server.port=" + port, "--parley.data-dir=" + dir.resolve("data"),
                "--parley.embedded.kafka.port=" + freePort(), "--parley.embedded.kafka.controller-port=" + freePort(),
                "--parley.embedded.mongo.port=" + freePort(), "--parley.jwt.secret=" + TestParley.SECRET,
                // the senders' bursts are the load under test, not floods to refuse
                "--parley.limits.sends-per-second=1000000", "--parley.limits.send-burst=1000000"));
        start();
        try {
            String conversation = post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\",\"" + carol
                    + "\",\"" + dave + "\"],\"isGroup\":true}").path("id").asText();
            NodeClients clients = new NodeClients(url);
            String cursor = clients.run("catchup.mjs", NodeClients.env(dave, "websocket", Duration.ofSeconds(15),
                    Map.of())).path("events").get(0).path("cursor").asText();

            Duration limit = Duration.ofMinutes(20);
            NodeClients.Run load = clients.start("crash-load.mjs", NodeClients.env(alice, "websocket", limit, Map.of(
                    "CONVERSATION", conversation, "COUNT", String.valueOf(PER_SENDER),
                    "BURST_FROM", "30", "BURST_TO", "50", "PAUSE_MS", "100",
                    "REST_TOKENS", String.join(",", TestParley.token(alice), TestParley.token(bob),
                            TestParley.token(carol)),
                    "SOCKET_TOKENS", TestParley.token(dave))), limit);
            killAfter(load, 40);   // steady sends
            killAfter(load, 150);  // while each sender's 20-message burst is in flight
            killAfter(load, 250);  // soon after a restart, with the publisher still catching up
            awaitHealthy();
            JsonNode result = load.result();
            assertThat(result.path("done").asBoolean()).as("senders' report %s", result.path("failed")).isTrue();

            Map<String, JsonNode> acknowledged = new HashMap<>();
            for (JsonNode ack : result.path("acks")) {
                JsonNode first = acknowledged.putIfAbsent(ack.path("clientMessageId").asText(), ack);
                if (first != null) {
                    assertThat(ack.path("id").asText()).as("a retry's answer names the first message")
                            .isEqualTo(first.path("id").asText());
                }
            }
            assertThat(acknowledged).hasSize(PER_SENDER * SENDERS);

            List<JsonNode> history = history(conversation);
            assertThat(history).extracting(message -> message.path("seq").asLong())
                    .as("seqs 1..n with no gap").containsExactlyElementsOf(range(history.size()));
            Set<String> contents = new HashSet<>();
            for (JsonNode message : history) {
                assertThat(contents.add(message.path("content").asText()))
                        .as("%s once in history", message.path("content").asText()).isTrue();
            }
            assertThat(history).hasSize(PER_SENDER * SENDERS);
            Map<String, JsonNode> byClientMessageId = new HashMap<>();
            history.forEach(message -> byClientMessageId.put(message.path("clientMessageId").asText(), message));
            acknowledged.forEach((clientMessageId, ack) -> {
                JsonNode stored = byClientMessageId.get(clientMessageId);
                assertThat(stored).as("acknowledged %s in history", clientMessageId).isNotNull();
                assertThat(stored.path("id").asText()).as("id of %s", clientMessageId)
                        .isEqualTo(ack.path("id").asText());
                assertThat(stored.path("seq").asLong()).as("seq of %s", clientMessageId)
                        .isEqualTo(ack.path("seq").asLong());
                assertThat(stored.path("content").asText()).isEqualTo(clientMessageId);
            });

            List<String> storedIds = new ArrayList<>();
            admin("/api/admin/events?conversationId=" + conversation + "&type=MessageSentEvent").lines()
                    .filter(line -> !line.isBlank())
                    .forEach(line -> storedIds.add(read(line).path("payload").path("messageId").asText()));
            assertThat(storedIds).as("the event store's messages")
                    .containsExactlyElementsOf(history.stream().map(message -> message.path("id").asText()).toList());

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        String report = admin("/api/admin/consistency");
                        assertThat(read(report).path("consistent").asBoolean()).as("audit %s", report).isTrue();
                    });

            String last = history.get(history.size() - 1).path("content").asText();
            JsonNode caughtUp = clients.start("catchup.mjs", NodeClients.env(dave, "websocket",
                    Duration.ofSeconds(60), Map.of("SINCE", cursor, "UNTIL", last)), Duration.ofSeconds(60)).result();
            List<Long> heard = new ArrayList<>();
            for (JsonNode event : caughtUp.path("events")) {
                if (event.path("event").asText().equals("new_message")) {
                    heard.add(event.path("seq").asLong());
                }
            }
            assertThat(caughtUp.path("timedOut").asBoolean()).as("catch-up report %s", caughtUp).isFalse();
            assertThat(heard).as("what dave's cursor catches up on").containsExactlyElementsOf(range(history.size()));
        } finally {
            parley.destroy();
            parley.waitFor();
        }
    }

    private void killAfter(NodeClients.Run load, int acks) throws Exception {
        Path output = load.stdout();
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(10))
                .until(() -> Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.startsWith("{\"ack\"")).count() >= acks || !load.running());
        if (!load.running()) {
            List<String> printed = Files.readAllLines(output, StandardCharsets.UTF_8);
            Files.write(Path.of("target", "crash-safety-load.out"), printed);
            String last = printed.isEmpty() ? "(nothing)" : printed.get(printed.size() - 1);
            throw new AssertionError("the senders stopped before " + acks + " acknowledgements, after "
                    + printed.stream().filter(line -> line.startsWith("{\"ack\"")).count() + "; their last line: "
                    + last.substring(0, Math.min(last.length(), 2000)) + "; their errors: " + load.errors());
        }
        System.out.printf("%s: kill -9 after %d acknowledgements%n", java.time.Instant.now(), acks);
        ChildJvm.kill(parley);
        // not waiting for health: the senders' retries are answered the moment it serves again, so the next kill
        // comes while they still send
        launch();
    }

    private void start() throws IOException {
        launch();
        awaitHealthy();
    }

    private void awaitHealthy() {
        // about 10 s on a quiet machine; the limit only bounds a start that will not come
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(url + "/actuator/health", null).contains("\"UP\""));
    }

    private void launch() throws IOException {
        // kept after the run (the data directory is not), to read what the killed JVMs said
        Path log = Path.of("target", "crash-safety-parley.log");
        Files.createDirectories(log.getParent());
        System.out.printf("%s: starting Parley%n", java.time.Instant.now());
        parley = ChildJvm.start(ParleyStandalone.class, log, Map.of(), args.toArray(String[]::new));
    }

    private List<JsonNode> history(String conversation) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = read(get(url + "/api/message/" + conversation + "?limit=100&after=" + after,
                    TestParley.token(alice)));
            page.path("messages").forEach(messages::add);
            if (!page.path("hasMore").asBoolean()) {
                return messages;
            }
            after = messages.get(messages.size() - 1).path("seq").asLong();
        }
    }

    private static List<Long> range(int n) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = 1; seq <= n; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    private JsonNode post(String user, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + TestParley.token(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return read(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private String admin(String path) throws Exception {
        return get(url + path, TestParley.adminToken("ops"));
    }

    private static String get(String target, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
