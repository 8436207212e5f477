package io.parley.standalone;

import static io.parley.standalone.KafkaTopicsTest.topicNamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/admin/topics}: Parley's topics and no others, with their shape, end offsets and the lag of each
 * reader, an Axon processor by its token and a consumer group by its committed offsets.
 */
class TopicsRouteTest {

    private static final String EVENTS = EventTopicRecords.TOPIC;

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private static String bootstrap;

    @BeforeAll
    static void someHistory() {
        bootstrap = parley.running().infrastructure().embeddedKafkaBootstrapServers();
        String conversation = parley.post("alice", "/api/conversation", "{\"participants\":[\"bob\"]}").id();
        for (int i = 0; i < 3; i++) {
            parley.post("alice", "/api/message", "{\"conversationId\":\"" + conversation + "\",\"content\":\"m\"}");
        }
    }

    private static JsonNode report() {
        TestParley.Response response = parley.admin("/api/admin/topics");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    static JsonNode consumer(JsonNode topic, String name) {
        for (JsonNode consumer : topic.path("consumers")) {
            if (consumer.path("name").asText().equals(name)) {
                return consumer;
            }
        }
        throw new AssertionError("no consumer " + name + " of " + topic.path("name").asText() + ": " + topic);
    }

    private static List<String> consumerNames(JsonNode topic) {
        List<String> names = new ArrayList<>();
        topic.path("consumers").forEach(consumer -> names.add(consumer.path("name").asText()));
        return names;
    }

    private static long total(JsonNode offsets) {
        long sum = 0;
        for (JsonNode offset : offsets) {
            sum += offset.asLong();
        }
        return sum;
    }

    @Test
    void parleysTopicsAreListedWithTheirShapeAndNoOthers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("parley.audit", 2, (short) 1),
                    new NewTopic("someone.else", 1, (short) 1))).all().get();
        }
        JsonNode report = report();
        List<String> names = new ArrayList<>();
        report.path("topics").forEach(topic -> names.add(topic.path("name").asText()));
        assertThat(names)
                .containsExactly("parley.audit", "parley.events", "parley.feed", "parley.presence", "parley.typing");

        JsonNode events = topicNamed(report, EVENTS);
        assertThat(events.path("partitions").asInt()).isEqualTo(6);
        assertThat(events.path("replicationFactor").asInt()).isEqualTo(1);
        assertThat(events.path("retentionMs").asLong()).isEqualTo(-1);
        assertThat(events.path("configured").path("partitions").asInt()).isEqualTo(6);
        assertThat(events.path("configured").path("by").asText()).isEqualTo("parley.kafka.events");
        assertThat(events.path("mismatches")).isEmpty();
        assertThat(events.path("endOffsets")).hasSize(6);
        assertThat(total(events.path("endOffsets"))).as("the 4 events above, and any copies the lag test adds")
                .isGreaterThanOrEqualTo(4);

        JsonNode typing = topicNamed(report, "parley.typing");
        assertThat(typing.path("partitions").asInt()).isEqualTo(3);
        assertThat(typing.path("retentionMs").asLong()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(typing.path("configured").path("by").isNull()).isTrue();

        JsonNode presence = topicNamed(report, "parley.presence");
        assertThat(presence.path("partitions").asInt()).isEqualTo(3);
        assertThat(presence.path("retentionMs").asLong()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(presence.path("mismatches")).isEmpty();

        JsonNode audit = topicNamed(report, "parley.audit");
        assertThat(audit.path("configured").isNull()).as("not a topic this Parley uses").isTrue();
        assertThat(audit.path("mismatches")).isEmpty();
        assertThat(audit.path("endOffsets")).hasSize(2);
        assertThat(audit.path("consumers")).isEmpty();
    }

    @Test
    void aStoppedProcessorFallsBehindByWhatIsPublishedAndCatchesUpWhenStarted() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode events = topicNamed(report(), EVENTS);
            assertThat(consumerNames(events)).contains("conversations", "feed")
                    .as("the publisher reads the event store, not Kafka")
                    .doesNotContain("__axon-kafka-event-publishing-group");
            assertThat(consumer(events, "conversations").path("lag").asLong()).isZero();
            assertThat(consumer(events, "conversations").path("kind").asText()).isEqualTo("axon-processor");
        });
        StreamingEventProcessor conversations = parley.running().context()
                .getBean(EventProcessingConfiguration.class)
                .eventProcessor("conversations", StreamingEventProcessor.class).orElseThrow();
        conversations.shutDown();
        try {
            ConsumerRecord<String, byte[]> record = EventTopicRecords.find(bootstrap, any -> true);
            EventTopicRecords.publishAgain(bootstrap, record, 3);
            JsonNode events = topicNamed(report(), EVENTS);
            JsonNode behind = consumer(events, "conversations");
            String partition = String.valueOf(record.partition());
            assertThat(behind.path("lag").asLong()).isEqualTo(3);
            assertThat(behind.path("partitions").path(partition).path("lag").asLong()).isEqualTo(3);
            assertThat(behind.path("partitions").path(partition).path("position").asLong())
                    .isEqualTo(events.path("endOffsets").path(partition).asLong() - 3);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(consumer(topicNamed(report(), EVENTS), "feed").path("lag").asLong())
                            .as("a running processor").isZero());
        } finally {
            conversations.start();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(consumer(topicNamed(report(), EVENTS), "conversations").path("lag").asLong()).isZero());
    }

    @Test
    void aConsumerGroupIsShownWhereItCommitted() throws Exception {
        ConsumerRecord<String, byte[]> record = EventTopicRecords.find(bootstrap, any -> true);
        TopicPartition partition = new TopicPartition(EVENTS, record.partition());
        try (KafkaConsumer<String, byte[]> analytics = EventTopicRecords.consumer(bootstrap, "analytics")) {
            analytics.assign(List.of(partition));
            analytics.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset())));
        }
        JsonNode events = topicNamed(report(), EVENTS);
        JsonNode group = consumer(events, "analytics");
        long end = events.path("endOffsets").path(String.valueOf(record.partition())).asLong();
        assertThat(group.path("kind").asText()).isEqualTo("consumer-group");
        assertThat(group.path("partitions")).hasSize(1);
        assertThat(group.path("partitions").path(String.valueOf(record.partition())).path("position").asLong())
                .isEqualTo(record.offset());
        assertThat(group.path("lag").asLong()).isEqualTo(end - record.offset()).isPositive();
    }
}
