package io.parley.support.infra;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a whole topic from its end on a thread of its own, with no consumer group, so that every node running one
 * sees every record published after it started: how push nodes share what each of them must deliver. It is
 * positioned at the end before {@link #follow} returns.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<byte[]> handler;

    private TopicTail(KafkaConsumer<String, byte[]> consumer, Consumer<byte[]> handler) {
        this.consumer = consumer;
        this.handler = handler;
    }

    /**
     * The producer for a topic that nodes follow this way: each record on its way at once (no batching delay), taken
     * when the leader has it; what it carries is worth little once it is late.
     */
    public static KafkaProducer<String, byte[]> producer(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts following {@code topic}, handing each record's value to {@code handler}, one at a time, in order. */
    public static TopicTail follow(String bootstrapServers, String topic, String clientId, Consumer<byte[]> handler) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(partition -> new TopicPartition(topic, partition.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        TopicTail tail = new TopicTail(consumer, handler);
        Thread reader = new Thread(tail::read, clientId);
        reader.setDaemon(true);
        reader.start();
        return tail;
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    try {
                        handler.accept(record.value());
                    } catch (RuntimeException e) {
                        log.warn("could not handle a record of {}", record.topic(), e);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } finally {
            consumer.close();
        }
    }

    /** Stops following; the reader closes its consumer as it leaves. */
    @Override
    public void close() {
        consumer.wakeup();
    }
}
