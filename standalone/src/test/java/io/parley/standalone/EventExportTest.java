package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.parley.standalone.TestParley.Response;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/admin/events} over HTTP: every stored event once, as NDJSON, in the documented order, filtered as
 * asked. Small pages and frequent snapshots, so the export crosses many page boundaries and has snapshots to leave
 * out.
 */
class EventExportTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass("--parley.admin.export-page-size=3",
            "--parley.snapshot-every=4");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "alice";
    private static String group;
    private static String direct;

    @BeforeAll
    static void history() {
        group = parley.post(ALICE, "/api/conversation",
                "{\"participants\":[\"bob\",\"carol\"],\"isGroup\":true,\"groupName\":\"export\"}").id();
        direct = parley.post(ALICE, "/api/conversation", "{\"participants\":[\"bob\"]}").id();
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            sent.add(send(i % 2 == 0 ? "bob" : ALICE, i % 3 == 0 ? direct : group, "message " + i));
        }
        parley.put("carol", "/api/message/read/" + sent.get(1));
        parley.delete(ALICE, "/api/message/" + sent.get(0));
        parley.post(ALICE, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"dave\"}");
        parley.post(ALICE, "/api/conversation/participant/remove",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"carol\"}");
        parley.delete("bob", "/api/conversation/" + direct);
    }

    private static String send(String sender, String conversation, String content) {
        return parley.post(sender, "/api/message",
                "{\"conversationId\":\"" + conversation + "\",\"content\":\"" + content + "\"}").id();
    }

    private static List<JsonNode> export(String query) {
        HttpResponse<String> response = parley.text(TestParley.adminToken("ops"), "/api/admin/events" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(read(line));
            }
        }
        assertThat(response.body()).as("every line ends with a newline").matches("(?s)(.*\n)?");
        return lines;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long stored(String collection) {
        try (MongoClient client = MongoClients.create(parley.running().infrastructure().embeddedMongoUri())) {
            MongoDatabase database = client.getDatabase("parley");
            return database.getCollection(collection).countDocuments();
        }
    }

    private static final Comparator<JsonNode> EXPORT_ORDER = Comparator
            .<JsonNode, Instant>comparing(line -> Instant.parse(line.path("timestamp").asText()))
            .thenComparing(line -> line.path("conversationId").asText())
            .thenComparingLong(line -> line.path("sequence").asLong());

    @Test
    void everyStoredEventIsOneLineInOrderAndNoSnapshotIs() {
        // the snapshotter works on its own thread, after the send that triggered it has answered
        await("snapshots were taken, and must not be exported").atMost(Duration.ofSeconds(10))
                .until(() -> stored("snapshotevents") > 0);
        List<JsonNode> lines = export("");
        assertThat(lines).hasSize((int) stored("domainevents"));
        assertThat(lines.stream().map(line -> line.path("eventId").asText()).distinct()).hasSameSizeAs(lines);
        assertThat(lines).isSortedAccordingTo(EXPORT_ORDER);

        Map<String, List<Long>> sequences = new HashMap<>();
        lines.forEach(line -> sequences.computeIfAbsent(line.path("conversationId").asText(), id -> new ArrayList<>())
                .add(line.path("sequence").asLong()));
        assertThat(sequences.get(group)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(sequences.get(direct)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(lines.stream().map(line -> line.path("type").asText()).distinct()).contains(
                "ConversationCreatedEvent", "MessageSentEvent", "MessageReadEvent", "MessageDeletedEvent",
                "ParticipantAddedEvent", "ParticipantRemovedEvent", "ConversationDeletedEvent");
    }

    @Test
    void aLineCarriesTheEventAndWhatItTakesToReplayIt() {
        JsonNode created = export("?conversationId=" + group).get(0);
        assertThat(created.path("type").asText()).isEqualTo("ConversationCreatedEvent");
        assertThat(created.path("conversationId").asText()).isEqualTo(group);
        assertThat(created.path("sequence").asLong()).isZero();
        assertThat(created.path("eventId").asText()).isNotBlank();
        assertThat(Instant.parse(created.path("timestamp").asText())).isBefore(Instant.now());
        assertThat(created.path("payloadType").asText())
                .isEqualTo("io.parley.kernel.conversation.ConversationCreatedEvent");
        assertThat(created.path("aggregateType").asText()).isEqualTo("ConversationAggregate");
        assertThat(created.has("payloadRevision")).isTrue();
        assertThat(created.path("payload").path("conversationId").asText()).isEqualTo(group);
        assertThat(created.path("payload").path("participants")).hasSize(3);
        assertThat(created.path("payload").path("groupName").asText()).isEqualTo("export");
        assertThat(created.path("metadata").isObject()).isTrue();
        assertThat(created.path("metadata").path("traceId").asText()).isNotBlank();
    }

    @Test
    void aConversationIsExportedBySequence() {
        List<JsonNode> lines = export("?conversationId=" + direct);
        assertThat(lines).extracting(line -> line.path("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(lines).extracting(line -> line.path("type").asText()).containsExactly(
                "ConversationCreatedEvent", "MessageSentEvent", "MessageSentEvent", "ConversationDeletedEvent");
        assertThat(lines).allSatisfy(line -> assertThat(line.path("conversationId").asText()).isEqualTo(direct));
    }

    @Test
    void typeAndTimeFiltersKeepWhatTheyName() {
        List<JsonNode> all = export("");
        List<JsonNode> sent = export("?type=MessageSentEvent");
        assertThat(sent).hasSize(6).allSatisfy(line ->
                assertThat(line.path("type").asText()).isEqualTo("MessageSentEvent"));
        assertThat(export("?type=MessageSentEvent&conversationId=" + group)).hasSize(4);

        // from is inclusive, to exclusive: split the whole export at the timestamp of one of the group's lines
        String middle = all.stream().skip(all.size() / 2)
                .filter(line -> line.path("conversationId").asText().equals(group))
                .findFirst().orElseThrow().path("timestamp").asText();
        List<JsonNode> before = export("?to=" + encode(middle));
        List<JsonNode> after = export("?from=" + encode(middle));
        assertThat(before).allSatisfy(line ->
                assertThat(Instant.parse(line.path("timestamp").asText())).isBefore(Instant.parse(middle)));
        assertThat(after).allSatisfy(line ->
                assertThat(Instant.parse(line.path("timestamp").asText())).isAfterOrEqualTo(Instant.parse(middle)));
        List<JsonNode> joined = new ArrayList<>(before);
        joined.addAll(after);
        assertThat(joined).isEqualTo(all);
        assertThat(after.get(0).path("timestamp").asText()).isEqualTo(middle);

        String first = all.get(0).path("timestamp").asText();
        assertThat(export("?from=" + encode(first) + "&to=" + encode(middle) + "&conversationId=" + group))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.path("conversationId").asText()).isEqualTo(group))
                .isEqualTo(before.stream().filter(line -> line.path("conversationId").asText().equals(group))
                        .toList());
        assertThat(export("?conversationId=0123456789abcdef01234567")).isEmpty();
    }

    @Test
    void badFiltersAreRefusedBeforeAnythingIsWritten() {
        for (String query : Set.of("from=yesterday", "to=2025-13-01T00:00:00Z", "from=2025-01-01",
                "from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                "from=2025-01-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                "conversationId=not-an-id", "type=MessageSent", "type=String")) {
            Response response = parley.sendWithToken(TestParley.adminToken("ops"), "GET",
                    "/api/admin/events?" + query, null);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.errorCode()).as(query).isEqualTo("validation_failed");
        }
    }
}
