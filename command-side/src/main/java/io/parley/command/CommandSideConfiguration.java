package io.parley.command;

import io.parley.command.eventstore.AppendHorizonEventStorageEngine;
import io.parley.command.eventstore.BatchConfirmingKafkaPublisher;
import io.parley.command.eventstore.BoundedAggregateCache;
import io.parley.command.eventstore.HeadCachingEventStorageEngine;
import io.parley.command.eventstore.KeyedEventStorageStrategy;
import io.parley.kernel.Metadata;
import io.parley.kernel.conversation.ConversationEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(Limits.class)
public class CommandSideConfiguration {

    /**
     * The event store: one document per event in MongoDB, unique on (aggregate id, sequence number). Two settings
     * spare the embedded MongoDB, which keeps no range index, a scan of every stored event:
     * {@code parley.event-store.point-reads} loads an aggregate by exact keys, and
     * {@code parley.event-store.head-cache.enabled} (only where this node is the store's only writer, as in the
     * standalone) serves the head of the stream to the Kafka publisher from memory. Either way no tracking read
     * runs past an append of this node under way ({@link AppendHorizonEventStorageEngine}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(
            MongoTemplate axonMongoTemplate,
            @Qualifier("serializer") Serializer snapshotSerializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration axon,
            @Value("${parley.event-store.point-reads:false}") boolean pointReads,
            @Value("${parley.event-store.head-cache.enabled:false}") boolean headCache,
            @Value("${parley.event-store.head-cache.capacity:50000}") int headCacheCapacity) {
        Duration lookBack = Duration.ofSeconds(1);
        MongoEventStorageEngine.Builder store = MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .snapshotSerializer(snapshotSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain());
        if (pointReads) {
            store.storageStrategy(new KeyedEventStorageStrategy(lookBack));
        }
        EventStorageEngine engine = headCache
                ? new HeadCachingEventStorageEngine(store.build(), lookBack, headCacheCapacity)
                : store.build();
        return new AppendHorizonEventStorageEngine(engine, lookBack);
    }

    /**
     * Axon's embedded event store, as its auto-configuration builds it, but with a short shared cache of the stream's
     * head ({@code parley.event-store.shared-cache}, in events; Axon's default is 10,000). Each cached event holds its
     * own tracking token, and a Mongo token carries a copy of every event id of the look-back window: at 250 messages a
     * second Axon's default kept 2.5 million such entries (100 MB) alive for 40 s, long enough to be copied from
     * survivor space to survivor space at young collection after young collection (500: 185,000). A consumer that falls
     * further behind than the cache reads through the storage engine on its own, from its head cache where there is
     * one.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine,
            org.axonframework.config.Configuration axon,
            @Value("${parley.event-store.shared-cache:500}") int sharedCache) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .cachedEvents(sharedCache)
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

    /** A snapshot every {@code parley.snapshot-every} events bounds what a conversation replays when it is loaded. */
    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(
            Snapshotter snapshotter, @Value("${parley.snapshot-every:250}") int every) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, every);
    }

    /** The conversations used most recently stay loaded between commands. */
    @Bean
    Cache conversationCache(@Value("${parley.aggregate-cache.capacity:10000}") int capacity) {
        return new BoundedAggregateCache(capacity);
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

    /** Sends a batch's events at once and waits for Kafka's acknowledgements once, at the batch's end. */
    @Bean
    BatchConfirmingKafkaPublisher kafkaPublisher(
            ProducerFactory<String, byte[]> producers,
            KafkaMessageConverter<String, byte[]> converter,
            TopicResolver topics,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            @Value("${parley.kafka.publish-timeout:30s}") Duration timeout) {
        return new BatchConfirmingKafkaPublisher(producers, converter, topics, eventSerializer, timeout.toMillis());
    }

    /**
     * The Kafka publisher (a processor the Kafka extension registers itself) takes up to
     * {@code parley.kafka.publish-batch-size} stored events per unit of work, whatever the store has ready: one token
     * write and one wait for Kafka's acknowledgements per batch, instead of per event.
     */
    @Autowired
    void publishInBatches(EventProcessingConfigurer processing, ObjectProvider<BatchConfirmingKafkaPublisher> publisher,
            @Value("${parley.kafka.publish-batch-size:100}") int batchSize) {
        processing.registerTrackingEventProcessorConfiguration(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP,
                        axon -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize))
                .registerHandlerInterceptor(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP,
                        axon -> publisher.getObject().confirmAtEndOfBatch());
    }

    /** Events carry the realtime connection their command came from (see {@link Metadata#CONNECTION_ID}). */
    @Bean
    CorrelationDataProvider connectionIdCorrelation() {
        return new SimpleCorrelationDataProvider(Metadata.CONNECTION_ID);
    }

    /** Axon's default (correlation and trace ids), which steps aside once any other provider is declared. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** Ticks in milliseconds, MongoDB's precision, so an answer's times equal what the read model stores. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
