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
 * positioned at the end before {@link #follow} returns. {@link #replay} starts at the topic's beginning instead, for
 * a node that must learn what its short-retention topic still holds before it joins in.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<byte[]> handler;
    private final Map<TopicPartition, Long> ends;
    private Runnable caughtUp;

    private TopicTail(KafkaConsumer<String, byte[]> consumer, Consumer<byte[]> handler,
            Map<TopicPartition, Long> ends, Runnable caughtUp) {
        this.consumer = consumer;
        this.handler = handler;
        this.ends = ends;
        this.caughtUp = caughtUp;
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
        KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers, clientId);
        List<TopicPartition> partitions = assign(consumer, topic);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return start(new TopicTail(consumer, handler, Map.of(), null), clientId);
    }

    /**
     * Reads {@code topic} from its beginning, then keeps following it, handing each record's value to
     * {@code handler} in order; runs {@code caughtUp} once, on the reader's thread, when every record the topic held
     * at the start has been handled.
     */
    public static TopicTail replay(String bootstrapServers, String topic, String clientId, Consumer<byte[]> handler,
            Runnable caughtUp) {
        KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers, clientId);
        List<TopicPartition> partitions = assign(consumer, topic);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return start(new TopicTail(consumer, handler, ends, caughtUp), clientId);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String clientId) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> assign(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(partition -> new TopicPartition(topic, partition.partition()))
                .toList();
        consumer.assign(partitions);
        return partitions;
    }

    private static TopicTail start(TopicTail tail, String clientId) {
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
                if (caughtUp != null && ends.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    caughtUp.run();
                    caughtUp = null;
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
