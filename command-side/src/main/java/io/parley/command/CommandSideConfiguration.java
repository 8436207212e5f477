package io.parley.command;

import io.parley.kernel.conversation.ConversationEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(Limits.class)
public class CommandSideConfiguration {

    /** The event store: one document per event in MongoDB, unique on (aggregate id, sequence number). */
    @Bean
    EventStorageEngine eventStorageEngine(
            MongoTemplate axonMongoTemplate,
            @Qualifier("serializer") Serializer snapshotSerializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration axon) {
        return MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .snapshotSerializer(snapshotSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .build();
    }

    /**
     * Kafka records are keyed by conversation id, so a conversation's events share one partition and every
     * consumer sees them in the order the aggregate applied them.
     */
    @Bean
    KafkaMessageConverter<String, byte[]> kafkaMessageConverter(
            @Qualifier("eventSerializer") Serializer eventSerializer, org.axonframework.config.Configuration axon) {
        return DefaultKafkaMessageConverter.builder()
                .serializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .sequencingPolicy(event -> event.getPayload() instanceof ConversationEvent e
                        ? e.conversationId()
                        : event.getIdentifier())
                .build();
    }

    /** Ticks in milliseconds, MongoDB's precision, so an answer's times equal what the read model stores. */
    /** A snapshot every {@code parley.snapshot-every} events bounds what a conversation replays when it is loaded. */
    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(
            Snapshotter snapshotter, @Value("${parley.snapshot-every:250}") int every) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, every);
    }

    /** Conversations stay loaded between commands; the memory is given back under pressure. */
    @Bean
    Cache conversationCache() {
        return new WeakReferenceCache();
    }

    /**
     * Axon's default snapshotter works on the committing thread; this one works on its own, so a send that
     * triggers a snapshot answers as fast as any other.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(
            org.axonframework.config.Configuration axon,
            HandlerDefinition handlerDefinition,
            ParameterResolverFactory parameterResolverFactory,
            EventStore eventStore,
            TransactionManager transactionManager) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(axon::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "parley-snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
