package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Parley standalone started the way {@code java -jar parley.jar} starts it, with its in-process Kafka broker and
 * MongoDB store on free ports and its data in a test directory, plus a small HTTP client that speaks to it as a
 * frontend would. Either one per test class, {@code @RegisterExtension static final TestParley parley =
 * TestParley.perClass();}, or started and stopped by the test itself with {@link #start}.
 */
final class TestParley implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";
    private static final List<String> PER_USER_LIMITS = List.of(
            "parley.limits.sends-per-second", "parley.limits.send-burst",
            "parley.realtime.user-events-per-second", "parley.realtime.user-event-burst");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String[] extraArgs;
    private Path ownDataDir;
    private ParleyStandalone.Running running;
    private String baseUrl;

    private TestParley(String... extraArgs) {
        this.extraArgs = extraArgs;
    }

    static TestParley perClass(String... extraArgs) {
        return new TestParley(extraArgs);
    }

    static TestParley start(Path dataDir, String... extraArgs) {
        TestParley parley = new TestParley(extraArgs);
        parley.startOn(dataDir);
        return parley;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ownDataDir = Files.createTempDirectory("parley-test-");
        startOn(ownDataDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(ownDataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private void startOn(Path dataDir) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--parley.data-dir=" + dataDir,
                "--parley.embedded.kafka.port=0",
                "--parley.embedded.kafka.controller-port=0",
                "--parley.embedded.mongo.port=0",
                "--parley.jwt.secret=" + SECRET));
        args.addAll(List.of(extraArgs));
        // tests send as fast as they can from one user: the per-user limits are lifted unless a test sets one itself
        // (a property given twice on the command line would be read as a list)
        for (String limit : PER_USER_LIMITS) {
            if (args.stream().noneMatch(arg -> arg.startsWith("--" + limit + "="))) {
                args.add("--" + limit + "=1000000");
            }
        }
        running = ParleyStandalone.start(args.toArray(String[]::new));
        baseUrl = "http://localhost:" + running.port();
    }

    ParleyStandalone.Running running() {
        return running;
    }

    /**
     * A user id no earlier test used, so tests sharing one Parley do not see each other's conversations. JUnit makes a
     * test instance per test method: {@code private final String alice = TestParley.uniqueUser("alice");}.
     */
    static String uniqueUser(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String token(String userId) {
        return token(userId, Instant.now().plusSeconds(3600), SECRET);
    }

    /** A token whose {@code roles} claim makes its user an operator. */
    static String adminToken(String userId) {
        return sign(userId, Instant.now().plusSeconds(3600), SECRET, Map.of("roles", List.of("admin")));
    }

    static String token(String userId, Instant expiry, String secret) {
        return sign(userId, expiry, secret, Map.of());
    }

    private static String sign(String userId, Instant expiry, String secret, Map<String, ?> claims) {
        return TestTokens.sign(userId, expiry, secret, claims);
    }

    /** A GET as an operator, with a JSON answer. */
    Response admin(String path) {
        return sendWithToken(adminToken("ops"), "GET", path, null);
    }

    /** A GET whose answer is not one JSON value (NDJSON, Prometheus text): the status, headers and text as sent. */
    HttpResponse<String> text(String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String user, String path) {
        return send(user, "GET", path, null);
    }

    Response post(String user, String path, String json) {
        return send(user, "POST", path, json);
    }

    Response delete(String user, String path) {
        return send(user, "DELETE", path, null);
    }

    Response put(String user, String path) {
        return send(user, "PUT", path, null);
    }

    /** A POST whose body has no Content-Length (sent in chunks), as a streaming client sends it. */
    Response postChunked(String user, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(json)))
                .build();
        return exchange(request);
    }

    /** {@code POST /api/attachment} with one multipart part named {@code file}. */
    Response upload(String user, String fileName, String contentType, byte[] content) {
        String boundary = "parley-test-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/attachment"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(user))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)))
                .build();
        return exchange(request);
    }

    /** The raw bytes of a GET, for attachments. */
    HttpResponse<byte[]> download(String user, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token(user)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response send(String user, String method, String path, String json) {
        return sendWithToken(user == null ? null : token(user), method, path, json);
    }

    Response sendWithToken(String token, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return exchange(request.build());
    }

    private Response exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A status and a JSON body. */
    record Response(int status, JsonNode body) {

        String errorCode() {
            return body.path("error").path("code").asText(null);
        }

        String id() {
            return body.path("id").asText(null);
        }

        List<String> texts(String field) {
            List<String> values = new ArrayList<>();
            body.path(field).forEach(node -> values.add(node.asText()));
            return values;
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
