package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's answer is a promise: whatever it acknowledged or let a reader see before a SIGKILL is in its
 * file afterwards. With H2's own background commit (about once a second) this lost hundreds of documents.
 */
class EmbeddedStoreCrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedOrSeenWriteSurvivesAKill() throws Exception {
        Path data = dir.resolve("mongo");
        Path output = dir.resolve("probe.log");
        for (int round = 0; round < 3; round++) {
            Files.deleteIfExists(output);
            Process probe = ChildJvm.start(StoreCrashProbe.class, output, Map.of(), data.toString());
            int acksBeforeKill = 3000 + 2000 * round;
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> count(output, "ack ") >= acksBeforeKill);
            ChildJvm.kill(probe);

            Set<String> promised = new HashSet<>();
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (line.startsWith("ack ") || line.startsWith("seen ")) {
                    promised.add(line.substring(line.indexOf(' ') + 1));
                }
            }
            assertThat(promised).hasSizeGreaterThanOrEqualTo(acksBeforeKill);
            try (EmbeddedMongo reopened = EmbeddedMongo.start(data, 0, true, 16, EmbeddedMongo.Durability.COMMIT);
                    MongoClient client = MongoClients.create(reopened.uri("probe"))) {
                MongoCollection<Document> documents = client.getDatabase("probe").getCollection("documents");
                Set<String> stored = new HashSet<>();
                documents.find().projection(new Document("_id", 1))
                        .forEach(document -> stored.add(document.getString("_id")));
                assertThat(promised).as("acknowledged or seen before kill %d, missing after it", round + 1)
                        .allMatch(stored::contains);
                // the next round's writers start their numbering again: clear what this round left
                documents.drop();
            }
        }
    }

    private static long count(Path output, String prefix) throws Exception {
        if (!Files.exists(output)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }
}
