package io.parley.query.replay;

import java.util.Collection;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;

/**
 * The rebuild's buffer of fetched Kafka records: first in, first out. The Kafka extension's default buffer sorts
 * records by timestamp across partitions, but each record carries the position of everything fetched before it, so
 * the record taken last could name fewer partitions than were already read: a rebuild that had read everything then
 * reported a position short of the live processor's and waited (on an idle server, until new messages came). Taken
 * in the order they were fetched, the last record's position is everything read, and the rebuild's position is exact.
 * The read models do not depend on order across partitions (one conversation's events share a partition).
 */
final class ArrivalOrderBuffer implements Buffer<KafkaEventMessage> {

    private static final int CAPACITY = 1_000;

    private final LinkedBlockingQueue<KafkaEventMessage> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    @Override
    public void put(KafkaEventMessage message) throws InterruptedException {
        queue.put(message);
    }

    @Override
    public void putAll(Collection<KafkaEventMessage> messages) throws InterruptedException {
        for (KafkaEventMessage message : messages) {
            queue.put(message);
        }
    }

    @Override
    public KafkaEventMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        rethrow();
        return queue.poll(timeout, unit);
    }

    @Override
    public KafkaEventMessage take() throws InterruptedException {
        rethrow();
        return queue.take();
    }

    @Override
    public KafkaEventMessage peek() {
        rethrow();
        return queue.peek();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public void clear() {
        queue.clear();
    }

    /** The fetcher's failure, handed to whoever reads next, as the extension's own buffer does. */
    @Override
    public void setException(RuntimeException exception) {
        failure.set(exception);
    }

    private void rethrow() {
        RuntimeException thrown = failure.getAndSet(null);
        if (thrown != null) {
            throw thrown;
        }
    }
}
