package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.standalone.TestParley.Response;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance 3: what {@code GET /api/admin/events} exports, fed to a fresh query side, rebuilds the same
 * read models. Parley A makes a history and exports it; Parley B starts empty (its own data directory, broker and
 * store), and every line is published to B's event topic as Axon's Kafka publisher would publish that event,
 * through B's own message converter and serializer. B's event store stays empty: only the export feeds B's read
 * models, so nothing else could make them right. Then every read route of A and B must answer alike.
 */
class ExportRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");

    @TempDir
    Path historyDir;

    @TempDir
    Path freshDir;

    @Test
    void theExportRebuildsTheSameReadModelsInAFreshParley() {
        String export;
        Map<String, String> original;
        try (TestParley a = TestParley.start(historyDir)) {
            Set<String> conversations = history(a);
            HttpResponse<String> response = a.text(TestParley.adminToken("ops"), "/api/admin/events");
            assertThat(response.statusCode()).isEqualTo(200);
            export = response.body();
            original = readModels(a, conversations);
        }
        List<JsonNode> lines = export.lines().map(ExportRoundTripTest::json).toList();
        Set<String> conversations = new TreeSet<>();
        lines.forEach(line -> conversations.add(line.path("conversationId").asText()));
        assertThat(conversations).hasSize(4);

        try (TestParley b = TestParley.start(freshDir)) {
            assertThat(readModels(b, conversations)).as("B starts empty").isNotEqualTo(original);
            publish(b, lines);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readModels(b, conversations)).isEqualTo(original));
        }
    }

    /** Conversations, messages, reads, deletions and membership changes; returns the conversation ids. */
    private static Set<String> history(TestParley a) {
        String team = a.post("alice", "/api/conversation",
                "{\"participants\":[\"bob\",\"carol\"],\"isGroup\":true,\"groupName\":\"Team\"}").id();
        String aliceBob = a.post("alice", "/api/conversation", "{\"participants\":[\"bob\"]}").id();
        String bobCarol = a.post("bob", "/api/conversation", "{\"participants\":[\"carol\"]}").id();
        String quiet = a.post("dave", "/api/conversation",
                "{\"participants\":[\"erin\"],\"isGroup\":true}").id();
        assertThat(List.of(team, aliceBob, bobCarol, quiet)).doesNotContainNull();
        String attachment = a.upload("alice", "plan.txt", "text/plain", "the plan".getBytes(StandardCharsets.UTF_8))
                .id();
        List<String> teamMessages = new ArrayList<>();
        teamMessages.add(send(a, "alice", team, "hello team", "\"attachments\":[\"" + attachment + "\"],"));
        teamMessages.add(send(a, "bob", team, "hi", "\"clientMessageId\":\"bob-1\","));
        teamMessages.add(send(a, "carol", team, "hey", ""));
        send(a, "alice", aliceBob, "just us", "");
        String unsent = send(a, "bob", aliceBob, "oops", "");
        send(a, "carol", bobCarol, "soon gone", "");

        List<Response> changes = new ArrayList<>();
        changes.add(a.put("bob", "/api/message/read/" + teamMessages.get(0)));
        changes.add(a.put("carol", "/api/message/read/" + teamMessages.get(2)));
        changes.add(a.put("alice", "/api/message/read/" + unsent));
        changes.add(a.delete("bob", "/api/message/" + unsent));
        changes.add(a.delete("carol", "/api/message/" + teamMessages.get(2)));
        changes.add(a.post("bob", "/api/conversation/participant/add",
                "{\"conversationId\":\"" + team + "\",\"userId\":\"dave\"}"));
        send(a, "dave", team, "glad to join", "");
        changes.add(a.post("alice", "/api/conversation/participant/remove",
                "{\"conversationId\":\"" + team + "\",\"userId\":\"carol\"}"));
        changes.add(a.post("erin", "/api/conversation/participant/remove",
                "{\"conversationId\":\"" + quiet + "\",\"userId\":\"erin\"}"));
        changes.add(a.delete("carol", "/api/conversation/" + bobCarol));
        assertThat(changes).extracting(Response::status).containsOnly(200);
        return new TreeSet<>(List.of(team, aliceBob, bobCarol, quiet));
    }

    private static String send(TestParley parley, String sender, String conversation, String content, String extra) {
        Response sent = parley.post(sender, "/api/message",
                "{" + extra + "\"conversationId\":\"" + conversation + "\",\"content\":\"" + content + "\"}");
        assertThat(sent.status()).isEqualTo(201);
        return sent.id();
    }

    /** What every user sees on every read route: their list, each conversation, its history both ways. */
    private static Map<String, String> readModels(TestParley parley, Set<String> conversations) {
        Map<String, String> seen = new TreeMap<>();
        for (String user : USERS) {
            List<String> paths = new ArrayList<>(List.of("/api/conversation?limit=100"));
            for (String conversation : conversations) {
                paths.add("/api/conversation/" + conversation);
                paths.add("/api/message/" + conversation + "?limit=100");
                paths.add("/api/message/" + conversation + "?after=0&limit=100");
            }
            for (String path : paths) {
                Response response = parley.get(user, path);
                seen.put(user + " GET " + path, response.status() + " " + response.body());
            }
        }
        return seen;
    }

    /** Each line as the event Axon's publisher would have put on B's topic: B's converter makes the record. */
    @SuppressWarnings("unchecked")
    private static void publish(TestParley b, List<JsonNode> lines) {
        KafkaMessageConverter<String, byte[]> converter = b.running().context().getBean(KafkaMessageConverter.class);
        Serializer serializer = b.running().context().getBean("eventSerializer", Serializer.class);
        String topic = b.running().context().getEnvironment().getProperty("axon.kafka.default-topic");
        String bootstrap = b.running().infrastructure().embeddedKafkaBootstrapServers();
        try (KafkaProducer<String, byte[]> producer = EventTopicRecords.producer(bootstrap)) {
            for (JsonNode line : lines) {
                producer.send(converter.createKafkaMessage(event(line, serializer), topic)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the export to " + topic, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DomainEventMessage<?> event(JsonNode line, Serializer serializer) {
        JsonNode revision = line.path("payloadRevision");
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(line.path("payload").toString(),
                String.class, line.path("payloadType").asText(), revision.isNull() ? null : revision.asText()));
        Map<String, Object> metadata = JSON.convertValue(line.path("metadata"), Map.class);
        Instant timestamp = Instant.parse(line.path("timestamp").asText());
        return new GenericDomainEventMessage<>(line.path("aggregateType").asText(),
                line.path("conversationId").asText(), line.path("sequence").asLong(),
                new GenericMessage<>(line.path("eventId").asText(), payload, metadata), () -> timestamp);
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
