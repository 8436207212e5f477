package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the scripts of {@code src/test/node} with the real {@code socket.io-client} from npm (pinned by its
 * {@code package-lock.json}, installed with {@code npm ci} on first use). Each script prints one JSON result as its
 * last line on stdout and is killed if it outlives its limit.
 */
final class NodeClients {

    private static final Path SCRIPTS = Path.of("src", "test", "node").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(3);

    private final String url;

    NodeClients(String url) {
        this.url = url;
    }

    /** A script running in the background; {@link #result()} waits for its JSON line. */
    final class Run {

        private final Process process;
        private final Path stdout;
        private final Path stderr;
        private final Duration limit;

        private Run(Process process, Path stdout, Path stderr, Duration limit) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.limit = limit;
        }

        /** What the script has printed so far. */
        Path stdout() {
            return stdout;
        }

        /** Waits for the first line the script prints that has {@code field}, while it keeps running. */
        JsonNode awaitLine(String field) {
            return awaitLine(printed -> printed.has(field));
        }

        /** Waits for the first line the script prints that {@code matches}, while it keeps running. */
        JsonNode awaitLine(Predicate<JsonNode> matches) {
            return await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (JsonNode printed : lines()) {
                    if (matches.test(printed)) {
                        return printed;
                    }
                }
                return null;
            }, Objects::nonNull);
        }

        /** Every whole line the script has printed so far (one still being written is left for later). */
        List<JsonNode> lines() throws IOException {
            List<JsonNode> printed = new ArrayList<>();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                try {
                    printed.add(JSON.readTree(line));
                } catch (JsonProcessingException partial) {
                    break;
                }
            }
            return printed;
        }

        /** Asks the script to stop (SIGTERM), and waits for its result. */
        JsonNode stop() {
            process.destroy();
            return result();
        }

        JsonNode result() {
            try {
                boolean ended = process.waitFor(limit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.destroyForcibly();
                }
                List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
                assertThat(lines).as("output of the node client (stderr: %s)", Files.readString(stderr)).isNotEmpty();
                return JSON.readTree(lines.get(lines.size() - 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The environment of a client script for {@code user}: its token, transport and time limit, and {@code more}. */
    static Map<String, String> env(String user, String transport, Duration limit, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("TOKEN", TestParley.token(user), "TRANSPORTS", transport,
                "LIMIT_MS", String.valueOf(limit.toMillis())));
        env.putAll(more);
        return env;
    }

    /** The payload of the first {@code event} in a recording script's report ({@code events: [{ event, payload }]}). */
    static JsonNode firstEvent(JsonNode result, String event) {
        for (JsonNode seen : result.path("events")) {
            if (seen.path("event").asText().equals(event)) {
                return seen.path("payload");
            }
        }
        throw new AssertionError("no " + event + " in " + result);
    }

    /** Runs {@code script} with {@code PARLEY_URL} and {@code env}, and waits for its result. */
    JsonNode run(String script, Map<String, String> env) {
        return start(script, env, Duration.ofSeconds(15)).result();
    }

    Run start(String script, Map<String, String> env, Duration limit) {
        installOnce();
        try {
            Path stdout = Files.createTempFile("socket-client-", ".out");
            Path stderr = Files.createTempFile("socket-client-", ".err");
            stdout.toFile().deleteOnExit();
            stderr.toFile().deleteOnExit();
            ProcessBuilder node = new ProcessBuilder("node", script).directory(SCRIPTS.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            node.environment().putAll(env);
            node.environment().put("PARLEY_URL", url);
            node.environment().put("LIMIT_MS", String.valueOf(limit.toMillis()));
            return new Run(node.start(), stdout, stderr, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void installOnce() {
        if (Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("socket.io-client"))) {
            return;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(SCRIPTS.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ended = npm.waitFor(INSTALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                npm.destroyForcibly();
            }
            assertThat(ended && npm.exitValue() == 0).as("npm ci in %s", SCRIPTS).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
