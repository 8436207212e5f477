package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.support.infra.EventTopicProperties;
import io.parley.support.infra.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The topic checks at start, against a real broker (the in-process one of a running Parley): a missing topic is
 * created as configured, fewer partitions than configured stop the start, another replication factor or retention
 * is a WARN and shows in {@code GET /api/admin/topics}.
 */
class KafkaTopicsTest {

    @RegisterExtension
    static final TestParley infrastructure = TestParley.perClass();

    private static Admin admin;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final String topic = "parley.test-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @BeforeEach
    void listen() {
        log.start();
        ((Logger) LoggerFactory.getLogger(KafkaTopics.class)).addAppender(log);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(KafkaTopics.class)).detachAppender(log);
    }

    private static String kafka() {
        return infrastructure.running().infrastructure().embeddedKafkaBootstrapServers();
    }

    private void existing(int partitions, Duration retention) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention == null ? -1 : retention.toMillis())))))
                .all().get();
    }

    private List<String> warnings() {
        return log.list.stream().filter(event -> event.getLevel().toString().equals("WARN"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aMissingTopicIsCreatedAsConfigured() {
        KafkaTopics topics = new KafkaTopics(admin);
        topics.ensure(topic, new EventTopicProperties(4, (short) 1, Duration.ofHours(2)), "parley.kafka.test");

        KafkaTopics.Shape shape = topics.describe(List.of(topic)).get(topic);
        assertThat(shape.partitions()).hasSize(4);
        assertThat(shape.replicationFactor()).isEqualTo(1);
        assertThat(shape.retentionMs()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(KafkaTopics.differences(topics.configured().get(topic), shape)).isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void fewerPartitionsThanConfiguredStopTheStartNamingTheProperty() throws Exception {
        existing(2, null);
        KafkaTopics topics = new KafkaTopics(admin);
        EventTopicProperties four = new EventTopicProperties(4, (short) 1, null);
        assertThatThrownBy(() -> topics.ensure(topic, four, "parley.kafka.test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Kafka topic " + topic + " has 2 partitions but 4 are configured "
                        + "(parley.kafka.test.partitions)");
        assertThatThrownBy(() -> topics.ensure(topic, new EventTopicProperties(3, (short) 1, null)))
                .as("a shape set in code (the typing topic's) says so")
                .hasMessageContaining("(set by the service that uses it)");
    }

    @Test
    void morePartitionsThanConfiguredAreFine() throws Exception {
        existing(6, null);
        new KafkaTopics(admin).ensure(topic, new EventTopicProperties(4, (short) 1, null), "parley.kafka.test");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void anotherRetentionIsAWarning() throws Exception {
        existing(3, Duration.ofHours(1));
        KafkaTopics topics = new KafkaTopics(admin);
        topics.ensure(topic, new EventTopicProperties(3, (short) 1, null), "parley.kafka.test");
        assertThat(warnings()).containsExactly("Kafka topic " + topic + ": keeps records for retention.ms=3600000 "
                + "but retention.ms=-1 is configured (parley.kafka.test.retention)");
        assertThat(topics.configured()).containsKey(topic);
    }

    @Test
    void anotherReplicationFactorIsAWarning() throws Exception {
        existing(3, Duration.ofMinutes(10));
        new KafkaTopics(admin).ensure(topic, new EventTopicProperties(3, (short) 2, Duration.ofMinutes(10)));
        assertThat(warnings()).containsExactly("Kafka topic " + topic + ": has replication factor 1 but 2 is "
                + "configured (set by the service that uses it)");
    }

    /** A second Parley on the first one's broker (and a database of its own) finds parley.events with 6 partitions. */
    private TestParley startOnTheSameKafka(String... args) {
        String mongo = infrastructure.running().infrastructure().embeddedMongoUri().replace("/parley", "/second");
        List<String> all = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + kafka(), "--spring.data.mongodb.uri=" + mongo));
        all.addAll(List.of(args));
        return TestParley.start(dataDir, all.toArray(String[]::new));
    }

    @Test
    void parleyDoesNotStartOnFewerPartitionsThanConfigured() {
        assertThatThrownBy(() -> startOnTheSameKafka("--parley.kafka.events.partitions=8").close())
                .hasStackTraceContaining("Kafka topic parley.events has 6 partitions but 8 are configured "
                        + "(parley.kafka.events.partitions)");
    }

    @Test
    void parleyStartsOnAnotherRetentionWarnsAndShowsIt() {
        try (TestParley second = startOnTheSameKafka("--parley.kafka.events.retention=7d")) {
            assertThat(warnings()).contains("Kafka topic parley.events: keeps records for retention.ms=-1 but "
                    + "retention.ms=604800000 is configured (parley.kafka.events.retention)");
            JsonNode events = topicNamed(second.admin("/api/admin/topics").body(), "parley.events");
            assertThat(events.path("retentionMs").asLong()).isEqualTo(-1);
            assertThat(events.path("configured").path("retentionMs").asLong()).isEqualTo(604800000L);
            assertThat(events.path("configured").path("by").asText()).isEqualTo("parley.kafka.events");
            assertThat(events.path("mismatches")).hasSize(1);
            assertThat(events.path("mismatches").get(0).asText()).contains("parley.kafka.events.retention");
        }
        JsonNode events = topicNamed(infrastructure.admin("/api/admin/topics").body(), "parley.events");
        assertThat(events.path("mismatches")).as("the first Parley is configured as the topic is").isEmpty();
    }

    static JsonNode topicNamed(JsonNode report, String name) {
        for (JsonNode topic : report.path("topics")) {
            if (topic.path("name").asText().equals(name)) {
                return topic;
            }
        }
        throw new AssertionError("no topic " + name + " in " + report);
    }
}
