package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code GET /api/admin/consistency}: consistent once the read models have caught up with what was sent, and every
 * difference listed once a read model and the feed are tampered with behind Parley's back.
 */
class ConsistencyAuditTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");

    @Test
    void theAuditIsConsistentAfterSendsAndListsWhatWasTamperedWith() {
        String conversation = parley.post(alice, "/api/conversation",
                "{\"participants\":[\"" + bob + "\"],\"isGroup\":false}").id();
        for (int i = 1; i <= 3; i++) {
            parley.post(alice, "/api/message",
                    "{\"conversationId\":\"" + conversation + "\",\"content\":\"m" + i + "\"}");
        }
        parley.put(bob, "/api/message/read/" + parley.get(bob, "/api/message/" + conversation).body()
                .path("messages").get(0).path("id").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> parley.admin("/api/admin/consistency").body()
                .path("consistent").asBoolean());
        JsonNode report = parley.admin("/api/admin/consistency").body();
        assertThat(report.path("models")).extracting(JsonNode::asText).containsExactly("conversations", "feed");
        assertThat(report.path("events").asLong()).isGreaterThanOrEqualTo(5);

        MongoTemplate mongo = parley.running().context().getBean(MongoTemplate.class);
        String ghost = "0123456789abcdef01234567";
        mongo.getCollection("messages").deleteOne(new Document("_id", conversation + ":2"));
        mongo.getCollection("feed_conversations").insertOne(new Document("_id", ghost).append("version", 7));

        JsonNode tampered = parley.admin("/api/admin/consistency").body();
        assertThat(tampered.path("consistent").asBoolean()).isFalse();
        List<String> differences = new ArrayList<>();
        tampered.path("differences").forEach(difference -> differences.add(difference.path("model").asText() + " "
                + difference.path("conversationId").asText() + " " + difference.path("field").asText() + " "
                + difference.path("store").asLong() + "/" + difference.path("held").asLong()));
        assertThat(differences).contains(
                "conversations " + conversation + " messages 3/2",
                "feed " + ghost + " not in the store 0/1");
    }
}
