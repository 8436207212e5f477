package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.standalone.TestParley.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Kafka and MongoDB configured, the standalone starts neither in-process and works on the ones it was given.
 * Here "external" is another Parley's in-process broker and store, used with a topic and a database of its own.
 */
class ExternalInfrastructureTest {

    @RegisterExtension
    static final TestParley infrastructure = TestParley.perClass();

    @TempDir
    Path dataDir;

    @Test
    void configuredKafkaAndMongoReplaceTheInProcessOnes() {
        String kafka = infrastructure.running().infrastructure().embeddedKafkaBootstrapServers();
        String mongo = infrastructure.running().infrastructure().embeddedMongoUri();
        try (TestParley parley = TestParley.start(dataDir,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.data.mongodb.uri=" + mongo.replace("/parley", "/external"),
                "--axon.kafka.default-topic=external.events")) {
            assertThat(parley.running().infrastructure().embeddedKafkaBootstrapServers()).isNull();
            assertThat(parley.running().infrastructure().embeddedMongoUri()).isNull();
            assertThat(Files.exists(dataDir.resolve("kafka"))).isFalse();
            assertThat(Files.exists(dataDir.resolve("mongo"))).isFalse();

            Response created = parley.post("alice", "/api/conversation", "{\"participants\":[\"bob\"]}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(parley.get("bob", "/api/conversation/" + created.id()).status()).isEqualTo(200);
            Response health = parley.get(null, "/actuator/health");
            assertThat(health.body().path("components").path("kafka").path("status").asText()).isEqualTo("UP");
            assertThat(health.body().path("components").path("mongo").path("status").asText()).isEqualTo("UP");
        }
        assertThat(infrastructure.get("bob", "/api/conversation").body().path("conversations"))
                .as("its own topic and database: nothing reached the other Parley").isEmpty();
    }
}
