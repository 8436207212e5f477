package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.TestParley.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Issue 7, acceptance 2: a replay of the read model of conversations and their messages during a stream of sends
 * ends with a read model identical to one built without the replay, and no GET during it returned missing data.
 */
class ReplayTest {

    private static final String REPLAY = "/api/admin/projections/conversations/replay";
    private static final String STATUS = "/api/admin/projections/conversations";
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass("--parley.replay.retire-after=1s");

    @TempDir
    Path witnessDir;
    @TempDir
    Path restartDir;

    private final String admin = TestParley.uniqueUser("operator");
    /** Numbers every message of the test, so no two share a clientMessageId. */
    private final AtomicInteger counter = new AtomicInteger();
    private final List<String> users = List.of(TestParley.uniqueUser("alice"), TestParley.uniqueUser("bob"),
            TestParley.uniqueUser("carol"), TestParley.uniqueUser("dave"));

    @Test
    void aReplayDuringSendsMissesNothingAndEndsIdenticalToTheLogsReadModel() throws Exception {
        Ledger ledger = new Ledger();
        for (int i = 0; i < users.size(); i++) {
            List<String> others = new ArrayList<>(users.subList(i + 1, users.size()));
            if (!others.isEmpty()) {
                ledger.conversation(users.get(i), others, group(users.get(i), others));
            }
        }
        ledger.conversation(users.get(0), List.of(users.get(3)), direct(users.get(0), users.get(3)));
        Load history = new Load(ledger, 4, 0);
        try {
            await().atMost(LIMIT).until(() -> ledger.sends() >= 600);
        } finally {
            history.close();
        }
        assertThat(history.violations.stream().limit(20)).isEmpty();

        Load load = new Load(ledger, 2, 3);
        try {
            await().atMost(LIMIT).until(() -> load.reads.get() >= 20 && ledger.sends() >= 650);
            Response started = asAdmin("POST", REPLAY);
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.body().path("state").asText()).isEqualTo("rebuilding");
            assertThat(started.body().path("generation").asInt()).isEqualTo(1);
            assertThat(started.body().path("rebuild").path("generation").asInt()).isEqualTo(2);
            Response again = asAdmin("POST", REPLAY);
            assertThat(again.status()).as("one rebuild at a time").isEqualTo(409);
            assertThat(again.errorCode()).isEqualTo("conflict");

            int readsBefore = load.reads.get();
            int sendsBefore = ledger.sends();
            await().atMost(LIMIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                JsonNode status = asAdmin("GET", STATUS).body();
                return status.path("generation").asInt() == 2 && status.path("state").asText().equals("live");
            });
            assertThat(load.reads.get() - readsBefore).as("GETs ran during the rebuild").isGreaterThan(20);
            assertThat(ledger.sends() - sendsBefore).as("sends ran during the rebuild").isGreaterThan(10);
            int sendsAtSwitch = ledger.sends();
            await().atMost(LIMIT).until(() -> ledger.sends() >= sendsAtSwitch + 50);
        } finally {
            load.close();
        }
        assertThat(load.violations.stream().limit(20)).as("what a client saw missing or wrong").isEmpty();
        JsonNode status = asAdmin("GET", STATUS).body();
        assertThat(status.path("lastRebuildFinishedAt").asText()).isNotEmpty();
        assertThat(status.path("rebuild").isNull() || status.path("rebuild").isMissingNode()).isTrue();

        MongoTemplate mongo = parley.running().context().getBean(MongoTemplate.class);
        await().atMost(LIMIT).untilAsserted(() -> assertThat(mongo.getCollectionNames())
                .as("the retired generation is dropped").doesNotContain("messages", "conversations")
                .contains("messages_g2", "conversations_g2"));

        Map<String, JsonNode> replayed = readModel(parley, ledger);
        ledger.assertHistoriesMatch(replayed);
        String kafka = parley.running().infrastructure().embeddedKafkaBootstrapServers();
        String mongoUri = parley.running().infrastructure().embeddedMongoUri();
        try (TestParley witness = TestParley.start(witnessDir,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.data.mongodb.uri=" + mongoUri.replace("/parley", "/witness"))) {
            await().atMost(LIMIT).untilAsserted(() -> assertThat(readModel(witness, ledger))
                    .as("built from the same log by a Parley that never replayed")
                    .isEqualTo(replayed));
        }
    }

    @Test
    void onlyAnOperatorMayReplayAndOnlyAProjectionThatExists() {
        for (String path : List.of(REPLAY, STATUS, "/api/admin/projections")) {
            String method = path.equals(REPLAY) ? "POST" : "GET";
            Response refused = parley.send(users.get(0), method, path, null);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.errorCode()).as(path).isEqualTo("forbidden");
            assertThat(parley.send(null, method, path, null).status()).as(path).isEqualTo(401);
        }
        Response unknown = asAdmin("POST", "/api/admin/projections/invoices/replay");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
        assertThat(asAdmin("GET", "/api/admin/projections/invoices").status()).isEqualTo(404);

        JsonNode listed = asAdmin("GET", "/api/admin/projections").body().path("projections");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("name").asText()).isEqualTo("conversations");
    }

    @Test
    void aRebuildStoppedByARestartGoesOnAndTheLiveGenerationServesMeanwhile() {
        Ledger ledger = new Ledger();
        Map<String, JsonNode> before;
        try (TestParley first = TestParley.start(restartDir)) {
            String conversation = group(first, users.get(0), users.subList(1, 3));
            ledger.conversation(users.get(0), users.subList(1, 3), conversation);
            for (int i = 0; i < 150; i++) {
                assertThat(send(first, users.get(i % 3), conversation, "m" + i).status()).isEqualTo(201);
            }
            before = readModel(first, ledger);
            Response started = first.sendWithToken(TestParley.adminToken(admin), "POST", REPLAY, null);
            assertThat(started.status()).isEqualTo(202);
        }
        try (TestParley second = TestParley.start(restartDir)) {
            assertThat(readModel(second, ledger)).as("served at once, whatever the rebuild's state").isEqualTo(before);
            await().atMost(LIMIT).until(() -> second.sendWithToken(TestParley.adminToken(admin), "GET", STATUS, null)
                    .body().path("generation").asInt() == 2);
            assertThat(readModel(second, ledger)).as("the resumed rebuild built the same").isEqualTo(before);
        }
    }

    private Response asAdmin(String method, String path) {
        return parley.sendWithToken(TestParley.adminToken(admin), method, path, null);
    }

    private static String group(String creator, List<String> others) {
        return group(parley, creator, others);
    }

    private static String group(TestParley on, String creator, List<String> others) {
        return on.post(creator, "/api/conversation", "{\"participants\":[\"" + String.join("\",\"", others)
                + "\"],\"isGroup\":true,\"groupName\":\"replayed\"}").id();
    }

    private static String direct(String creator, String other) {
        return parley.post(creator, "/api/conversation", "{\"participants\":[\"" + other + "\"]}").id();
    }

    private static Response send(TestParley on, String sender, String conversation, String content) {
        return on.post(sender, "/api/message", "{\"conversationId\":\"" + conversation + "\",\"content\":\""
                + content + "\",\"clientMessageId\":\"" + content + "\"}");
    }

    /** Every page a client can read: each user's conversation list, each conversation and its whole history. */
    private static Map<String, JsonNode> readModel(TestParley on, Ledger ledger) {
        Map<String, JsonNode> pages = new TreeMap<>();
        ledger.members.forEach((conversation, members) -> {
            String member = members.get(0);
            pages.put(conversation, on.get(member, "/api/conversation/" + conversation).body());
            long before = Long.MAX_VALUE;
            for (int page = 0; ; page++) {
                String cursor = before == Long.MAX_VALUE ? "" : "&before=" + before;
                JsonNode body = on.get(member, "/api/message/" + conversation + "?limit=100" + cursor).body();
                pages.put(conversation + "/history/" + page, body);
                JsonNode messages = body.path("messages");
                if (!body.path("hasMore").asBoolean() || messages.isEmpty()) {
                    break;
                }
                before = messages.get(messages.size() - 1).path("seq").asLong();
            }
        });
        ledger.members.values().stream().flatMap(List::stream).distinct().forEach(user ->
                pages.put(user, on.get(user, "/api/conversation").body()));
        return pages;
    }

    /** What the server acknowledged: each conversation's members, sent messages and deletions. */
    private static final class Ledger {

        record Sent(String id, String sender, String content) {
        }

        final Map<String, List<String>> members = new ConcurrentHashMap<>();
        final Map<String, ConcurrentSkipListMap<Long, Sent>> sent = new ConcurrentHashMap<>();
        final Map<String, Set<Long>> deleted = new ConcurrentHashMap<>();
        private final AtomicInteger sends = new AtomicInteger();

        void conversation(String creator, List<String> others, String id) {
            List<String> all = new ArrayList<>(List.of(creator));
            all.addAll(others);
            members.put(id, List.copyOf(all));
            sent.put(id, new ConcurrentSkipListMap<>());
            deleted.put(id, ConcurrentHashMap.newKeySet());
        }

        void sent(String conversation, JsonNode message) {
            sent.get(conversation).put(message.path("seq").asLong(), new Sent(message.path("id").asText(),
                    message.path("sender").asText(), message.path("content").asText()));
            sends.incrementAndGet();
        }

        int sends() {
            return sends.get();
        }

        /** The final histories hold exactly the acknowledged messages, deleted where a deletion was. */
        void assertHistoriesMatch(Map<String, JsonNode> readModel) {
            sent.forEach((conversation, messages) -> {
                Map<Long, JsonNode> shown = new TreeMap<>();
                readModel.forEach((page, body) -> {
                    if (page.startsWith(conversation + "/history/")) {
                        body.path("messages").forEach(message -> shown.put(message.path("seq").asLong(), message));
                    }
                });
                assertThat(shown.keySet()).as(conversation).containsExactlyElementsOf(messages.keySet());
                messages.forEach((seq, message) -> {
                    JsonNode seen = shown.get(seq);
                    boolean gone = deleted.get(conversation).contains(seq);
                    assertThat(seen.path("id").asText()).isEqualTo(message.id());
                    assertThat(seen.path("sender").asText()).isEqualTo(message.sender());
                    assertThat(seen.path("isDeleted").asBoolean()).as("%s:%d deleted", conversation, seq)
                            .isEqualTo(gone);
                    assertThat(seen.path("content").asText()).isEqualTo(gone ? "" : message.content());
                });
            });
        }
    }

    /**
     * Writers sending (with the odd retry), deleting and marking read; readers checking that every GET shows all
     * that was acknowledged before it began.
     */
    private final class Load implements AutoCloseable {

        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicInteger reads = new AtomicInteger();
        private final Ledger ledger;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService threads;
        private final List<Future<?>> running = new ArrayList<>();

        Load(Ledger ledger, int writers, int readers) {
            this.ledger = ledger;
            this.threads = Executors.newFixedThreadPool(writers + readers);
            for (int i = 0; i < writers; i++) {
                running.add(threads.submit(() -> loop(this::write)));
            }
            for (int i = 0; i < readers; i++) {
                running.add(threads.submit(() -> loop(this::read)));
            }
        }

        private void loop(Runnable step) {
            while (!stop.get()) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    violations.add("failed: " + e);
                }
            }
        }

        private <T> T any(List<T> items) {
            return items.get(ThreadLocalRandom.current().nextInt(items.size()));
        }

        private void write() {
            String conversation = any(List.copyOf(ledger.members.keySet()));
            String user = any(ledger.members.get(conversation));
            double dice = ThreadLocalRandom.current().nextDouble();
            List<Map.Entry<Long, Ledger.Sent>> earlier = List.copyOf(ledger.sent.get(conversation).entrySet());
            if (dice < 0.1 && !earlier.isEmpty()) {
                Map.Entry<Long, Ledger.Sent> message = any(earlier);
                if (message.getValue().sender().equals(user) && !ledger.deleted.get(conversation)
                        .contains(message.getKey())) {
                    expect(parley.delete(user, "/api/message/" + message.getValue().id()), 200, "delete");
                    ledger.deleted.get(conversation).add(message.getKey());
                }
            } else if (dice < 0.2 && !earlier.isEmpty()) {
                expect(parley.put(user, "/api/message/read/" + any(earlier).getValue().id()), 200, "read");
            } else {
                String content = "m" + counter.incrementAndGet() + "-" + user;
                Response sent = send(parley, user, conversation, content);
                if (expect(sent, 201, "send")) {
                    ledger.sent(conversation, sent.body());
                    if (dice > 0.95) {
                        Response retry = send(parley, user, conversation, content);
                        if (retry.status() != 200 || !retry.id().equals(sent.id())) {
                            violations.add("a retry did not return the first message: " + retry.body());
                        }
                    }
                }
            }
        }

        private void read() {
            String conversation = any(List.copyOf(ledger.members.keySet()));
            String user = any(ledger.members.get(conversation));
            Set<Long> acknowledged = Set.copyOf(ledger.sent.get(conversation).keySet());
            Set<Long> deletedBefore = Set.copyOf(ledger.deleted.get(conversation));
            List<String> listedBefore = ledger.members.entrySet().stream()
                    .filter(entry -> entry.getValue().contains(user)).map(Map.Entry::getKey).toList();

            Map<Long, Boolean> shown = new LinkedHashMap<>();
            long after = 0;
            while (true) {
                Response page = parley.get(user, "/api/message/" + conversation + "?limit=100&after=" + after);
                reads.incrementAndGet();
                if (!expect(page, 200, "history")) {
                    return;
                }
                page.body().path("messages").forEach(message ->
                        shown.put(message.path("seq").asLong(), message.path("isDeleted").asBoolean()));
                if (!page.body().path("hasMore").asBoolean()) {
                    break;
                }
                long last = shown.keySet().stream().mapToLong(Long::longValue).max().orElse(after);
                if (last <= after) {
                    violations.add(conversation + ": a page after " + after + " is empty but says there is more");
                    break;
                }
                after = last;
            }
            for (long seq : acknowledged) {
                if (!shown.containsKey(seq)) {
                    violations.add(conversation + ":" + seq + " was acknowledged but missing from the history");
                } else if (deletedBefore.contains(seq) && !shown.get(seq)) {
                    violations.add(conversation + ":" + seq + " was deleted but shown");
                }
            }
            Response listed = parley.get(user, "/api/conversation");
            reads.incrementAndGet();
            if (expect(listed, 200, "list")) {
                List<String> ids = listed.body().path("conversations").findValuesAsText("id");
                listedBefore.stream().filter(id -> !ids.contains(id)).forEach(id ->
                        violations.add("conversation " + id + " missing from " + user + "'s list"));
            }
            expect(parley.get(user, "/api/conversation/" + conversation), 200, "conversation");
            reads.incrementAndGet();
        }

        private boolean expect(Response response, int status, String what) {
            if (response.status() != status) {
                violations.add(what + " answered " + response.status() + " " + response.body());
                return false;
            }
            return true;
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            for (Future<?> thread : running) {
                thread.get(60, TimeUnit.SECONDS);
            }
            threads.shutdownNow();
        }
    }
}
