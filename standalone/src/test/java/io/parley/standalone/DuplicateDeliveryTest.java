package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka delivers at least once. This publishes a copy of a real event record again, after the events that followed
 * it, and checks the read model does not move: without the projection's sequence guard, the copy of
 * "carol was added" would bring the removed carol back.
 */
class DuplicateDeliveryTest {

    private static final String TOPIC = "parley.events";

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    @Test
    void aRedeliveredEventLeavesTheReadModelUnchanged() {
        String group = parley.post("alice", "/api/conversation",
                "{\"participants\":[\"bob\"],\"isGroup\":true,\"groupName\":\"dup\"}").id();
        String carol = "{\"conversationId\":\"" + group + "\",\"userId\":\"carol\"}";
        assertThat(parley.post("alice", "/api/conversation/participant/add", carol).status()).isEqualTo(200);
        assertThat(parley.post("alice", "/api/conversation/participant/remove", carol).status()).isEqualTo(200);

        String bootstrap = parley.running().infrastructure().embeddedKafkaBootstrapServers();
        ConsumerRecord<String, byte[]> carolAdded = findRecord(bootstrap, group, "ParticipantAddedEvent");
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(TOPIC, null, carolAdded.key(), carolAdded.value(),
                    carolAdded.headers())).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // a later event of the same conversation: same key, same partition, so it is consumed after the copy
        parley.post("alice", "/api/conversation/participant/add",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"dave\"}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(parley.get("alice", "/api/conversation/" + group).texts("participants"))
                        .containsExactly("alice", "bob", "dave"));
        assertThat(parley.get("carol", "/api/conversation/" + group).status()).isEqualTo(404);
    }

    private static ConsumerRecord<String, byte[]> findRecord(String bootstrap, String key, String eventType) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC).forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header type = record.headers().lastHeader("axon-message-type");
                    if (key.equals(record.key()) && type != null
                            && new String(type.value(), StandardCharsets.UTF_8).endsWith(eventType)) {
                        return record;
                    }
                }
                if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    break;
                }
            }
        }
        throw new AssertionError("no " + eventType + " record keyed " + key + " on " + TOPIC);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }
}
