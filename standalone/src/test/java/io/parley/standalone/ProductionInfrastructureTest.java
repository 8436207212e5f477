package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The REST + Socket.IO flow of deploy/run-services.sh against the real thing the production shape runs on: the
 * official Apache Kafka image and MongoDB's, where a Docker engine exists. Without one, JUnit reports this class as
 * skipped ("disabledWithoutDocker").
 */
@Testcontainers(disabledWithoutDocker = true)
class ProductionInfrastructureTest {

    @Container
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1");

    @Container
    static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

    @TempDir
    Path dataDir;

    @Test
    void theWholeFlowRunsOnRealKafkaAndMongoDb() {
        try (TestParley parley = TestParley.start(dataDir,
                "--spring.kafka.bootstrap-servers=" + kafka.getBootstrapServers(),
                "--spring.data.mongodb.uri=" + mongo.getReplicaSetUrl("parley"))) {
            NodeClients clients = new NodeClients("http://127.0.0.1:" + parley.running().port());
            JsonNode report = clients.start("services-flow.mjs",
                    Map.of("ALICE", TestParley.token("alice"), "BOB", TestParley.token("bob")),
                    Duration.ofSeconds(60)).result();
            assertThat(report.path("complete").asBoolean()).as("flow report %s", report).isTrue();
        }
    }
}
