package io.parley.push.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.infra.EventTopicProperties;
import io.parley.support.infra.KafkaTopics;
import io.parley.support.infra.TopicTail;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Carries stored events to every push node at once: the feed processor {@link #publish}es each event it stored,
 * with who hears it, to one partition of a Kafka topic, in the order of the feed stream, and every node reads the
 * whole topic from its end (no consumer group) and hands each to its listeners, which deliver it to that node's
 * connections of the recipients: one Kafka hop after the event topic, one record per event. The topic only bridges
 * the moment between storing an event and its delivery (a day's retention): what a connection misses here it reads
 * from {@link FeedStream}, where every event was stored before it was published. Since positions have no gap, the
 * reader notices a record it missed (or one that overtook another) and says from which position it has had every
 * record ({@link AppendedEvent#continuousSince}); a connection behind that reads the stream instead.
 */
@Component
public class LiveFeed implements FeedPublisher, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final String bootstrapServers;
    private final ObjectMapper json;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Future<RecordMetadata>> unconfirmed = new ArrayList<>();
    private final List<Consumer<AppendedEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile TopicTail tail;
    private final FeedStream stream;
    /** The reader's own: the highest position it has handed on, and from where it has had every one. */
    private long lastHeard;
    private long continuousSince;

    LiveFeed(
            @Value("${parley.kafka.feed.topic:parley.feed}") String topic,
            @Value("${parley.kafka.feed.retention:P1D}") Duration retention,
            @Value("${axon.kafka.bootstrap-servers}") List<String> bootstrapServers,
            KafkaTopics topics,
            FeedStream stream,
            ObjectMapper json) {
        this.stream = stream;
        this.topic = topic;
        this.bootstrapServers = String.join(",", bootstrapServers);
        this.json = json;
        topics.ensure(topic, new EventTopicProperties(6, (short) 1, retention));
        this.producer = TopicTail.producer(this.bootstrapServers, "parley-feed");
    }

    /**
     * Sends a stored event on its way, all of them to one partition so that every node hears them in the stream's
     * order; {@link #awaitPublished} confirms it.
     */
    @Override
    public void publish(AppendedEvent appended) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(appended);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Future<RecordMetadata> sent =
                producer.send(new ProducerRecord<>(topic, 0, appended.event().conversationId(), value));
        synchronized (unconfirmed) {
            unconfirmed.add(sent);
        }
    }

    /**
     * Waits until Kafka has every event published so far; throws when one was refused, so the feed processor
     * handles its batch again rather than move its token past events no node has heard of.
     */
    public void awaitPublished() {
        List<Future<RecordMetadata>> pending;
        synchronized (unconfirmed) {
            pending = List.copyOf(unconfirmed);
            unconfirmed.clear();
        }
        for (Future<RecordMetadata> sent : pending) {
            try {
                sent.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not take a feed event", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing feed events", e);
            }
        }
    }

    /** Adds a listener of this node for every event appended from now on, by any node. */
    public void onAppended(Consumer<AppendedEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Starts reading at the topic's end, and is positioned there before this returns: a connection opened after
     * this node started hears every event published after it read the stream.
     */
    @Override
    public void start() {
        tail = TopicTail.follow(bootstrapServers, topic, "parley-feed-reader", this::hand);
    }

    private void hand(byte[] value) {
        AppendedEvent appended;
        try {
            appended = json.readValue(value, AppendedEvent.class);
        } catch (IOException e) {
            log.warn("skipped an unreadable appended event", e);
            return;
        }
        long position = appended.event() == null ? 0 : appended.event().position();
        if (position <= 0) {
            log.warn("skipped a record of the feed topic that names no position (an earlier format)");
            return;
        }
        if (lastHeard == 0 || position > lastHeard + 1) {
            continuousSince = position;
        }
        lastHeard = Math.max(lastHeard, position);
        // known before any listener looks: a connection opened from now on reads the stream at least up to here
        stream.heard(lastHeard);
        AppendedEvent heard = appended.continuousSince(continuousSince);
        listeners.forEach(listener -> listener.accept(heard));
    }

    @Override
    public void stop() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }

    @Override
    public boolean isRunning() {
        return tail != null;
    }

    /** After every lifecycle stopped, the feed processor among them: nothing publishes any more. */
    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
