package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Engine.IO v4 protocol as the public test suite of {@code socketio/socket.io-protocol} checks it (its cases, in
 * our words, against Parley with a heartbeat of 1 s and 3 s): handshakes on both transports with every
 * field ({@code maxPayload} included), refusals of a bad {@code EIO}, {@code transport} or method, ping and pong,
 * the close on a ping timeout and on request, and upgrades, after which the old session's polling and a second
 * WebSocket are refused. And the Socket.IO part that concerns Parley's choices: an unknown namespace is refused as
 * {@code Invalid namespace}, the main namespace without a token with {@code connect_error}.
 */
class EngineIoConformanceTest {

    private static final int PING_INTERVAL = 1000;
    // the suite has 300 ms and 200 ms; a loaded build machine can be slower than that to open a socket or answer
    private static final int PING_TIMEOUT = 3000;
    private static final int MAX_PAYLOAD = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestParley parley = TestParley.perClass(
            "--parley.realtime.ping-interval=" + PING_INTERVAL + "ms",
            "--parley.realtime.ping-timeout=" + PING_TIMEOUT + "ms",
            "--parley.realtime.max-payload=" + MAX_PAYLOAD + "B");

    private static String http(String query) {
        return "http://localhost:" + parley.running().port() + "/socket.io/" + query;
    }

    private static String ws(String query) {
        return "ws://localhost:" + parley.running().port() + "/socket.io/" + query;
    }

    private static HttpResponse<String> request(String method, String query, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(http(query)))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode handshake(String openPacket) throws Exception {
        assertThat(openPacket).startsWith("0");
        return JSON.readTree(openPacket.substring(1));
    }

    private static String openPollingSession() throws Exception {
        return handshake(request("GET", "?EIO=4&transport=polling", null).body()).path("sid").asText();
    }

    /** A WebSocket that keeps what it hears (text messages, then "closed") for the test to take in order. */
    private static final class Socket implements WebSocket.Listener {
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final StringBuilder parts = new StringBuilder();
        WebSocket webSocket;

        static Socket open(String query) {
            Socket socket = new Socket();
            socket.webSocket = HTTP.newWebSocketBuilder().buildAsync(URI.create(ws(query)), socket).join();
            return socket;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                heard.add(parts.toString());
                parts.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }

        String next() throws InterruptedException {
            String message = heard.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("a message within 5 s").isNotNull();
            return message;
        }

        /** The next message that is not a PING. */
        String nextButPing() throws InterruptedException {
            String message = next();
            return "2".equals(message) ? nextButPing() : message;
        }

        void send(String text) {
            webSocket.sendText(text, true).join();
        }

        void awaitClosed() {
            closed.orTimeout(15, TimeUnit.SECONDS).join();
        }
    }

    // handshake

    @Test
    void aPollingHandshakeOpensASessionWithEveryField() throws Exception {
        HttpResponse<String> response = request("GET", "?EIO=4&transport=polling", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode open = handshake(response.body());
        assertThat(open.properties()).extracting(entry -> entry.getKey())
                .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.path("sid").isTextual()).isTrue();
        assertThat(open.path("upgrades")).containsExactly(JSON.getNodeFactory().textNode("websocket"));
        assertThat(open.path("pingInterval").asInt()).isEqualTo(PING_INTERVAL);
        assertThat(open.path("pingTimeout").asInt()).isEqualTo(PING_TIMEOUT);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(MAX_PAYLOAD);
    }

    @Test
    void aPollingHandshakeNeedsEngineIoVersion4() throws Exception {
        assertThat(request("GET", "?transport=polling", null).statusCode()).isEqualTo(400);
        assertThat(request("GET", "?EIO=abc&transport=polling", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aPollingHandshakeNeedsAKnownTransport() throws Exception {
        assertThat(request("GET", "?EIO=4", null).statusCode()).isEqualTo(400);
        assertThat(request("GET", "?EIO=4&transport=abc", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aHandshakeIsAGet() throws Exception {
        for (String method : List.of("POST", "PUT")) {
            HttpResponse<String> response = request(method, "?EIO=4&transport=polling", "");
            assertThat(response.statusCode()).as(method).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
                    .isEqualTo("validation_failed");
        }
    }

    @Test
    void aWebSocketHandshakeOpensASessionWithEveryField() throws Exception {
        Socket socket = Socket.open("?EIO=4&transport=websocket");

        JsonNode open = handshake(socket.next());
        assertThat(open.properties()).extracting(entry -> entry.getKey())
                .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.path("upgrades")).isEmpty();
        assertThat(open.path("pingInterval").asInt()).isEqualTo(PING_INTERVAL);
        assertThat(open.path("pingTimeout").asInt()).isEqualTo(PING_TIMEOUT);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(MAX_PAYLOAD);
        socket.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    /**
     * The reference server's default ({@code perMessageDeflate: false}): a client that offers compression, as
     * {@code socket.io-client} in Node does, is answered without it, so no frame is deflated on either side.
     */
    @Test
    void aWebSocketHandshakeDeclinesCompression() throws Exception {
        try (java.net.Socket tcp = new java.net.Socket("localhost", parley.running().port())) {
            tcp.setSoTimeout(10_000);
            String upgrade = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            tcp.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(
                    tcp.getInputStream(), StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                head.add(line);
            }
            assertThat(head).first().asString().startsWith("HTTP/1.1 101");
            assertThat(head).noneMatch(line -> line.toLowerCase(Locale.ROOT)
                    .startsWith("sec-websocket-extensions"));
        }
    }

    @Test
    void aWebSocketHandshakeWithABadVersionOrTransportIsClosed() {
        for (String query : List.of(
                "?transport=websocket", "?EIO=abc&transport=websocket", "?EIO=3&transport=websocket")) {
            Socket socket = Socket.open(query);
            socket.awaitClosed();
            assertThat(socket.heard).as(query).noneMatch(message -> message.startsWith("0{"));
        }
    }

    // heartbeat

    @Test
    void pollingPingsAndTakesPongs() throws Exception {
        String sid = openPollingSession();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> poll = request("GET", "?EIO=4&transport=polling&sid=" + sid, null);
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.body()).isEqualTo("2");
            assertThat(request("POST", "?EIO=4&transport=polling&sid=" + sid, "3").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPollingSessionWithoutPongIsClosed() throws Exception {
        String sid = openPollingSession();
        await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ofMillis(PING_INTERVAL + PING_TIMEOUT))
                .until(() -> request("GET", "?EIO=4&transport=polling&sid=" + sid, null).statusCode() == 400);
    }

    @Test
    void aWebSocketPingsAndTakesPongs() throws Exception {
        Socket socket = Socket.open("?EIO=4&transport=websocket");
        socket.next();
        for (int i = 0; i < 3; i++) {
            assertThat(socket.next()).isEqualTo("2");
            socket.send("3");
        }
        socket.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void aWebSocketWithoutPongIsClosed() throws Exception {
        Socket socket = Socket.open("?EIO=4&transport=websocket");
        socket.next();
        socket.awaitClosed();
    }

    // close

    @Test
    void aPollingSessionClosesOnRequest() throws Exception {
        // as the suite does it: a long-poll and the close side by side; the poll that was waiting hears a NOOP
        String sid = openPollingSession();
        CompletableFuture<RawHttp.Answer> poll = CompletableFuture.supplyAsync(() -> RawHttp.send(
                parley.running().port(), "GET", "/socket.io/?EIO=4&transport=polling&sid=" + sid, Map.of(), null));
        assertThat(request("POST", "?EIO=4&transport=polling&sid=" + sid, "1").statusCode()).isEqualTo(200);

        RawHttp.Answer pending = poll.get(10, TimeUnit.SECONDS);
        if (pending.status() == 200) {
            assertThat(pending.body()).isIn("6", "2");
        } else {
            // the poll arrived after the close: the session is gone already
            assertThat(pending.status()).isEqualTo(400);
        }
        assertThat(request("GET", "?EIO=4&transport=polling&sid=" + sid, null).statusCode()).isEqualTo(400);
    }

    @Test
    void aWebSocketSessionClosesOnRequest() throws Exception {
        Socket socket = Socket.open("?EIO=4&transport=websocket");
        socket.next();
        socket.send("1");
        socket.awaitClosed();
    }

    // upgrade

    @Test
    void aPollingSessionUpgradesToWebSocket() throws Exception {
        String sid = openPollingSession();
        Socket socket = Socket.open("?EIO=4&transport=websocket&sid=" + sid);
        socket.send("2probe");
        assertThat(socket.nextButPing()).isEqualTo("3probe");
        socket.send("5");
        socket.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void afterAnUpgradeThePollingSessionIsRefused() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            String sid = openPollingSession();
            Socket socket = Socket.open("?EIO=4&transport=websocket&sid=" + sid);
            socket.send("2probe");
            socket.send("5");

            HttpResponse<String> poll = request("GET", "?EIO=4&transport=polling&sid=" + sid, null);
            // a poll that arrives before the server has taken the upgrade packet is closed with a noop, as the
            // protocol has it; once the upgrade is done, polling is refused
            for (int raced = 0; raced < 50 && poll.statusCode() == 200 && poll.body().equals("6"); raced++) {
                Thread.sleep(20);
                poll = request("GET", "?EIO=4&transport=polling&sid=" + sid, null);
            }
            assertThat(poll.statusCode()).as("attempt %d: %s", attempt, poll.body()).isEqualTo(400);
            assertThat(JSON.readTree(poll.body()).path("error").path("code").asText()).isEqualTo("validation_failed");
            socket.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    @Test
    void afterAnUpgradeASecondWebSocketIsRefused() throws Exception {
        String sid = openPollingSession();
        Socket socket = Socket.open("?EIO=4&transport=websocket&sid=" + sid);
        socket.send("2probe");
        socket.send("5");
        assertThat(socket.nextButPing()).isEqualTo("3probe");

        Socket second = Socket.open("?EIO=4&transport=websocket&sid=" + sid);
        second.awaitClosed();
        socket.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    // Socket.IO: what Parley answers where the suite expects an open server

    @Test
    void anUnknownNamespaceIsRefusedAsInvalidNamespace() throws Exception {
        Socket socket = Socket.open("?EIO=4&transport=websocket");
        socket.next();
        socket.send("40/custom,");
        assertThat(socket.nextButPing()).isEqualTo("44/custom,{\"message\":\"Invalid namespace\"}");
        socket.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void theMainNamespaceWithoutATokenIsRefused() throws Exception {
        Socket socket = Socket.open("?EIO=4&transport=websocket");
        socket.next();
        socket.send("40");
        assertThat(socket.nextButPing()).isEqualTo("44{\"message\":\"missing token\"}");
        socket.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
}
