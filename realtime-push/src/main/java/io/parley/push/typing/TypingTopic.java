package io.parley.push.typing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.socket.RealtimeConnections;
import io.parley.support.infra.EventTopicProperties;
import io.parley.support.infra.KafkaTopics;
import io.parley.support.infra.TopicTail;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The typing topic: {@link #publish} from the typist's node; every node reads the whole topic from its end (no
 * consumer group, so each node sees every signal) and delivers to its own connections of the recipients.
 * Retention is minutes: a typing signal is worth nothing once it is old.
 */
@Component
class TypingTopic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TypingTopic.class);

    private final String topic;
    private final String bootstrapServers;
    private final ObjectMapper json;
    private final RealtimeConnections connections;
    private final KafkaProducer<String, byte[]> producer;
    private volatile TopicTail tail;

    TypingTopic(
            @Value("${parley.kafka.typing.topic:parley.typing}") String topic,
            @Value("${axon.kafka.bootstrap-servers}") List<String> bootstrapServers,
            KafkaTopics topics,
            ObjectMapper json,
            RealtimeConnections connections) {
        this.topic = topic;
        this.bootstrapServers = String.join(",", bootstrapServers);
        this.json = json;
        this.connections = connections;
        topics.ensure(topic, new EventTopicProperties(3, (short) 1, Duration.ofMinutes(10)));
        this.producer = TopicTail.producer(this.bootstrapServers, "parley-typing");
    }

    void publish(TypingSignal signal) {
        try {
            producer.send(new ProducerRecord<>(topic, signal.conversationId(), json.writeValueAsBytes(signal)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void start() {
        tail = TopicTail.follow(bootstrapServers, topic, "parley-typing-reader", this::deliver);
    }

    private void deliver(byte[] value) {
        try {
            TypingSignal signal = json.readValue(value, TypingSignal.class);
            TypingIndicator indicator =
                    new TypingIndicator(signal.conversationId(), signal.userId(), signal.isTyping());
            connections.emitToUsers(signal.recipients(), TypingIndicator.EVENT, indicator);
        } catch (IOException | RuntimeException e) {
            log.warn("could not deliver a typing signal", e);
        }
    }

    @Override
    public void stop() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return tail != null;
    }
}
