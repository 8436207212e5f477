package io.parley.push.presence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.infra.EventTopicProperties;
import io.parley.support.infra.KafkaTopics;
import io.parley.support.infra.TopicTail;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The presence topic ({@code parley.presence}): every node publishes its {@link PresenceSignal}s keyed by its id,
 * and reads the whole topic (no consumer group), from its beginning when it starts, so that a node started later
 * learns who is online and when the others were last seen within the topic's retention (an hour by default).
 */
@Component
class PresenceTopic {

    private static final Logger log = LoggerFactory.getLogger(PresenceTopic.class);

    private final String topic;
    private final String bootstrapServers;
    private final ObjectMapper json;
    private final KafkaProducer<String, byte[]> producer;

    PresenceTopic(
            @Value("${parley.kafka.presence.topic:parley.presence}") String topic,
            @Value("${parley.kafka.presence.retention:PT1H}") Duration retention,
            @Value("${axon.kafka.bootstrap-servers}") List<String> bootstrapServers,
            KafkaTopics topics,
            ObjectMapper json) {
        this.topic = topic;
        this.bootstrapServers = String.join(",", bootstrapServers);
        this.json = json;
        topics.ensure(topic, new EventTopicProperties(3, (short) 1, retention));
        this.producer = TopicTail.producer(this.bootstrapServers, "parley-presence");
    }

    /** Hands the signal to the producer; the future says when Kafka has it. */
    Future<RecordMetadata> publish(PresenceSignal signal) {
        try {
            return producer.send(new ProducerRecord<>(topic, signal.node(), json.writeValueAsBytes(signal)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every signal the topic holds, then the new ones; {@code caughtUp} runs once the old ones are read. */
    TopicTail read(Consumer<PresenceSignal> handler, Runnable caughtUp) {
        return TopicTail.replay(bootstrapServers, topic, "parley-presence-reader", value -> {
            try {
                handler.accept(json.readValue(value, PresenceSignal.class));
            } catch (IOException e) {
                log.warn("skipped a presence record that is not a presence signal", e);
            }
        }, caughtUp);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
