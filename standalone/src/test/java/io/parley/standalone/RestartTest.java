package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.parley.standalone.TestParley.Response;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting the standalone on the same data directory keeps every conversation and every rule. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void conversationsSurviveARestart() {
        String direct;
        String group;
        JsonNode groupBefore;
        try (TestParley parley = TestParley.start(dataDir)) {
            direct = parley.post("alice", "/api/conversation", "{\"participants\":[\"bob\"]}").id();
            group = parley.post("alice", "/api/conversation",
                    "{\"participants\":[\"bob\",\"carol\"],\"isGroup\":true,\"groupName\":\"kept\"}").id();
            groupBefore = parley.get("carol", "/api/conversation/" + group).body();
        }

        try (TestParley parley = TestParley.start(dataDir)) {
            assertThat(parley.get("carol", "/api/conversation/" + group).body()).isEqualTo(groupBefore);
            assertThat(parley.get("bob", "/api/conversation").body().path("conversations").findValuesAsText("id"))
                    .containsExactlyInAnyOrder(direct, group);

            Response repeat = parley.post("bob", "/api/conversation", "{\"participants\":[\"alice\"]}");
            assertThat(repeat.status()).as("the one-to-one registry survived too").isEqualTo(200);
            assertThat(repeat.id()).isEqualTo(direct);

            Response added = parley.post("carol", "/api/conversation/participant/add",
                    "{\"conversationId\":\"" + group + "\",\"userId\":\"dave\"}");
            assertThat(added.status()).as("the aggregate rebuilt from its stored events").isEqualTo(200);
            assertThat(added.texts("participants")).containsExactly("alice", "bob", "carol", "dave");
        }
    }

    @Test
    void aRetryAfterARestartReturnsTheOriginalAndNumberingGoesOnFromASnapshot() {
        String conversation;
        JsonNode original;
        String retry;
        try (TestParley parley = TestParley.start(dataDir, "--parley.snapshot-every=3")) {
            conversation = parley.post("alice", "/api/conversation", "{\"participants\":[\"bob\"]}").id();
            retry = "{\"conversationId\":\"" + conversation + "\",\"content\":\"first\",\"clientMessageId\":\"c-1\"}";
            original = parley.post("alice", "/api/message", retry).body();
            for (int i = 2; i <= 7; i++) {
                parley.post(i % 2 == 0 ? "bob" : "alice", "/api/message",
                        "{\"conversationId\":\"" + conversation + "\",\"content\":\"m" + i + "\"}");
            }
            String mongoUri = parley.running().infrastructure().embeddedMongoUri();
            try (MongoClient client = MongoClients.create(mongoUri)) {
                // The snapshotter works on its own thread, after the send that triggered it has answered.
                await("snapshots were taken").atMost(Duration.ofSeconds(10)).until(() -> client
                        .getDatabase("parley").getCollection("snapshotevents")
                        .countDocuments(new Document("aggregateIdentifier", conversation)) > 0);
            }
        }

        try (TestParley parley = TestParley.start(dataDir, "--parley.snapshot-every=3")) {
            Response again = parley.post("alice", "/api/message", retry);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("id").asText()).isEqualTo(original.path("id").asText());
            assertThat(again.body().path("seq").asLong()).isEqualTo(1);

            Response next = parley.post("bob", "/api/message",
                    "{\"conversationId\":\"" + conversation + "\",\"content\":\"after restart\"}");
            assertThat(next.status()).isEqualTo(201);
            assertThat(next.body().path("seq").asLong()).as("the aggregate came back from its snapshot").isEqualTo(8);
        }
    }
}
