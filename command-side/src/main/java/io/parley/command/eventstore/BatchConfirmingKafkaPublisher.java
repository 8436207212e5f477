package io.parley.command.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;

/**
 * Publishes the stored events to Kafka and confirms them once per batch of the publishing processor instead of once
 * per event. The Kafka extension's own publisher, asked to wait for acknowledgements, waits for each record's before
 * it sends the next: one broker round trip per event, which capped the whole pipeline at a few hundred events a
 * second. This one sends every event of the batch at once ({@link #send}) and {@link #confirmAtEndOfBatch} waits for
 * all of their acknowledgements after the batch's last event, inside its unit of work: before the processor stores
 * its token (which it does as the unit of work commits), so the token never moves past an event Kafka does not have.
 * A refused record fails the batch, which is published again from the token (consumers drop repeats).
 */
public final class BatchConfirmingKafkaPublisher extends KafkaPublisher<String, byte[]> {

    private final ProducerFactory<String, byte[]> producers;
    private final KafkaMessageConverter<String, byte[]> converter;
    private final TopicResolver topics;
    private final long ackTimeoutMillis;
    /** The records sent in the open batch; the processor is single-threaded, one batch at a time. */
    private final List<Future<RecordMetadata>> unconfirmed = new ArrayList<>();

    public BatchConfirmingKafkaPublisher(ProducerFactory<String, byte[]> producers,
            KafkaMessageConverter<String, byte[]> converter, TopicResolver topics, Serializer serializer,
            long ackTimeoutMillis) {
        super(KafkaPublisher.<String, byte[]>builder()
                .serializer(serializer)
                .producerFactory(producers)
                .messageConverter(converter)
                .topicResolver(topics)
                .publisherAckTimeout(ackTimeoutMillis));
        this.producers = producers;
        this.converter = converter;
        this.topics = topics;
        this.ackTimeoutMillis = ackTimeoutMillis;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        Optional<String> topic = topics.resolve(event);
        if (topic.isEmpty()) {
            return;
        }
        // the factory hands out one shared producer (no transactions), which is thread-safe and stays open
        Producer<String, byte[]> producer = producers.createProducer();
        Future<RecordMetadata> sent = producer.send(converter.createKafkaMessage(event, topic.get()));
        synchronized (unconfirmed) {
            unconfirmed.add(sent);
        }
    }

    /** The publishing processor's interceptor: after a batch's last event, waits until Kafka has all of it. */
    public MessageHandlerInterceptor<EventMessage<?>> confirmAtEndOfBatch() {
        return new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
                    throws Exception {
                if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isFirstMessage()) {
                    // what a failed batch sent before is sent again with it; its old acknowledgements do not count
                    takeUnconfirmed();
                }
                Object result = chain.proceed();
                if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                    awaitAll(takeUnconfirmed());
                }
                return result;
            }
        };
    }

    private List<Future<RecordMetadata>> takeUnconfirmed() {
        synchronized (unconfirmed) {
            List<Future<RecordMetadata>> taken = List.copyOf(unconfirmed);
            unconfirmed.clear();
            return taken;
        }
    }

    private void awaitAll(List<Future<RecordMetadata>> sent) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMillis);
        for (Future<RecordMetadata> record : sent) {
            try {
                record.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge a published event", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing events", e);
            }
        }
    }
}
