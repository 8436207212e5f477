package io.parley.query.replay;

import io.parley.kernel.error.ParleyException;
import io.parley.query.ReadModel;
import io.parley.query.ReadModelBatchScope;
import io.parley.query.ReadModels;
import io.parley.query.ReadModels.Pointer;
import io.parley.query.conversation.ConversationProjection;
import io.parley.query.message.MessageProjection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the read model from the Kafka log while the live one keeps serving, blue/green.
 *
 * <p>A replay builds generation <i>n</i>+1 into its own collections ({@link ReadModel}) with a second tracking
 * processor, {@code conversations-rebuild-<n+1>}, reading the topic from its start through new instances of the
 * same projections; the live processor goes on keeping generation <i>n</i> up to date meanwhile. Once the rebuild
 * is within {@code parley.replay.switch-margin} records of the live processor, the live processor pauses, the
 * rebuild reads up to exactly where the live one stopped (its token covers the live token, so the new generation
 * holds everything the live one held, and so every write a command has already acknowledged), then stops too.
 * The switch is one write of the pointer, then the swap in memory; the live processor takes the rebuild's token
 * (it is the new generation's processor from then on) and resumes, and the old generation's collections are
 * dropped a little later ({@code retire-after}), when reads that began before the switch are done with them.
 *
 * <p>After a restart: a rebuild that had not switched yet goes on from its stored token (the pointer still names
 * it), and reads stay on the live generation until it finishes; a generation neither live nor being built (one a
 * crash kept from being dropped) is dropped. A crash between the pointer's write and the token hand-over leaves the
 * live processor behind the new generation; it re-applies those events, which the version guards make harmless.
 *
 * <p>Runs on one query-side node: the one whose live processor holds the token. Several query-side nodes would
 * each have to follow the pointer, which only the node that switched reads again before it restarts.
 */
@Component
public class ProjectionReplay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(5);

    private final ReadModels readModels;
    private final MongoTemplate mongo;
    private final EventProcessingConfiguration processing;
    private final StreamableMessageSource<TrackedEventMessage<?>> stream;
    private final ReplayProperties settings;
    private final int batchSize;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-replay");
        thread.setDaemon(true);
        return thread;
    });

    /** The rebuild under way, or null; set under this object's lock, read by the worker and by status reads. */
    private volatile Rebuild running;
    private volatile boolean started;

    private record Rebuild(int generation, TrackingEventProcessor processor) {
    }

    ProjectionReplay(
            ReadModels readModels,
            MongoTemplate mongo,
            EventProcessingConfiguration processing,
            ConsumerFactory<?, ?> consumers,
            Fetcher<?, ?, ?> fetcher,
            KafkaMessageConverter<?, ?> converter,
            @Qualifier("eventSerializer") Serializer serializer,
            @Value("${axon.kafka.default-topic}") String topic,
            ReplayProperties settings,
            ObjectProvider<EventProcessorProperties> processorProperties) {
        this.readModels = readModels;
        this.mongo = mongo;
        this.processing = processing;
        this.stream = rebuildSource(consumers, fetcher, converter, serializer, topic);
        this.settings = settings;
        EventProcessorProperties.ProcessorSettings live = processorProperties.getIfAvailable(
                EventProcessorProperties::new).getProcessors().get(ReadModels.NAME);
        this.batchSize = live == null ? 1 : live.getBatchSize();
    }

    /** The event topic as the live processor reads it, records taken in arrival order: see {@link ArrivalOrderBuffer}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StreamableMessageSource<TrackedEventMessage<?>> rebuildSource(
            ConsumerFactory<?, ?> consumers, Fetcher<?, ?, ?> fetcher, KafkaMessageConverter<?, ?> converter,
            Serializer serializer, String topic) {
        return (StreamableMessageSource) StreamableKafkaMessageSource.builder()
                .topics(List.of(topic))
                .serializer(serializer)
                .consumerFactory((ConsumerFactory) consumers)
                .fetcher((Fetcher) fetcher)
                .messageConverter((KafkaMessageConverter) converter)
                .bufferFactory(ArrivalOrderBuffer::new)
                .build();
    }

    /** Starts building a new generation; refused while a rebuild is under way. */
    public synchronized ProjectionStatus replay() {
        if (!started) {
            throw ParleyException.conflict("the read model is not serving yet; try again in a moment");
        }
        Pointer pointer = readModels.pointer();
        if (pointer.rebuilding() != null) {
            throw ParleyException.conflict("a rebuild of " + ReadModels.NAME + " is already under way (generation "
                    + pointer.rebuilding() + ", started " + pointer.rebuildStartedAt() + ")");
        }
        int generation = pointer.live() + 1;
        // nothing of an earlier attempt at this generation may leak into it
        drop(generation);
        deleteToken(processorName(generation));
        readModels.beginRebuild(generation, now());
        try {
            launch(generation);
        } catch (RuntimeException failed) {
            readModels.abandonRebuild();
            throw failed;
        }
        log.info("Rebuilding {} into generation {} while generation {} serves", ReadModels.NAME, generation,
                pointer.live());
        return status();
    }

    public ProjectionStatus status() {
        Pointer pointer = readModels.pointer();
        Rebuild rebuild = running;
        ProjectionStatus.Rebuild progress = null;
        if (pointer.rebuilding() != null) {
            long position = rebuild == null || rebuild.generation() != pointer.rebuilding()
                    ? 0
                    : Math.max(0, position(rebuild.processor()));
            long livePosition = liveProcessor().map(ProjectionReplay::position).orElse(-1L);
            double share = livePosition <= 0 ? 0 : Math.min(1, (double) position / livePosition);
            progress = new ProjectionStatus.Rebuild(pointer.rebuilding(), pointer.rebuildStartedAt(), position,
                    Math.max(0, livePosition), Math.floor(share * 1000) / 1000);
        }
        return new ProjectionStatus(ReadModels.NAME, progress == null ? "live" : "rebuilding", pointer.live(),
                progress, pointer.lastRebuildFinishedAt());
    }

    private void launch(int generation) {
        ReadModel target = readModels.generation(generation);
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(processorName(generation))
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(new ConversationProjection(() -> target), new MessageProjection(() -> target))
                        .listenerInvocationErrorHandler(processing.listenerInvocationErrorHandler(ReadModels.NAME))
                        .build())
                .errorHandler(processing.errorHandler(ReadModels.NAME))
                .messageSource(stream)
                .tokenStore(tokenStore())
                .transactionManager(transactionManager())
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        // stops within this when idle: the switch waits for it with the live processor paused
                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .build();
        processor.registerHandlerInterceptor(new ReadModelBatchScope(() -> target));
        processor.start();
        running = new Rebuild(generation, processor);
    }

    /** The worker's round: switch over once the rebuild is close enough to the live processor. */
    private void step() {
        Rebuild rebuild = running;
        if (rebuild == null) {
            return;
        }
        try {
            TrackingEventProcessor live = liveProcessor().orElse(null);
            if (live == null || !live.isRunning()) {
                return;
            }
            long livePosition = position(live);
            long position = position(rebuild.processor());
            if (livePosition >= 0 && position >= 0 && livePosition - position <= settings.switchMargin()) {
                switchOver(rebuild, live);
            }
        } catch (RuntimeException e) {
            log.warn("The rebuild of {} could not switch over yet; it will try again", ReadModels.NAME, e);
        }
    }

    private void switchOver(Rebuild rebuild, TrackingEventProcessor live) {
        live.shutDown();
        try {
            TrackingToken liveAt = storedToken(live.getName());
            long deadline = System.nanoTime() + settings.catchUpTimeout().toNanos();
            while (!covers(currentToken(rebuild.processor()), liveAt)) {
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    log.info("The rebuild of {} did not reach the live processor within {}; it goes on",
                            ReadModels.NAME, settings.catchUpTimeout());
                    return;
                }
                LockSupport.parkNanos(CATCH_UP_POLL.toNanos());
            }
            rebuild.processor().shutDown();
            TrackingToken rebuiltTo = storedToken(rebuild.processor().getName());
            if (!covers(rebuiltTo, liveAt)) {
                rebuild.processor().start();
                return;
            }
            int retired = readModels.live().generation();
            synchronized (this) {
                readModels.switchTo(rebuild.generation(), now());
                running = null;
            }
            log.info("Generation {} of {} is live; generation {} retires in {}", rebuild.generation(),
                    ReadModels.NAME, retired, settings.retireAfter());
            worker.schedule(() -> retire(retired), settings.retireAfter().toMillis(), TimeUnit.MILLISECONDS);
            handOver(rebuild, live, liveAt, rebuiltTo);
        } finally {
            live.start();
        }
    }

    /**
     * Gives the live processor the rebuild's position and forgets the rebuild's token. Should it fail, the live
     * processor goes on from its own position, behind the new generation, and re-applies what it already holds:
     * harmless under the version guards.
     */
    private void handOver(Rebuild rebuild, TrackingEventProcessor live, TrackingToken liveAt, TrackingToken rebuiltTo) {
        try {
            if (!covers(liveAt, rebuiltTo)) {
                live.resetTokens(rebuiltTo);
            }
            deleteToken(rebuild.processor().getName());
        } catch (RuntimeException e) {
            log.warn("Generation {} of {} is live, but the live processor keeps its own position", rebuild.generation(),
                    ReadModels.NAME, e);
        }
    }

    private void retire(int generation) {
        Pointer pointer = readModels.pointer();
        if (generation != pointer.live() && !Integer.valueOf(generation).equals(pointer.rebuilding())) {
            drop(generation);
        }
    }

    private void drop(int generation) {
        ReadModel.COLLECTIONS.stream()
                .map(base -> ReadModel.collection(base, generation))
                .filter(mongo::collectionExists)
                .forEach(mongo::dropCollection);
    }

    /** Collections of generations neither live nor being built: what a crash kept from being dropped. */
    private void dropStrayGenerations(Pointer pointer) {
        mongo.getCollectionNames().stream()
                .flatMap(collection -> ReadModel.generationOf(collection).stream())
                .distinct()
                .filter(generation -> generation != pointer.live() && !generation.equals(pointer.rebuilding()))
                .forEach(this::drop);
    }

    private static String processorName(int generation) {
        return ReadModels.NAME + "-rebuild-" + generation;
    }

    private Optional<TrackingEventProcessor> liveProcessor() {
        return processing.eventProcessor(ReadModels.NAME, TrackingEventProcessor.class);
    }

    private TokenStore tokenStore() {
        return processing.tokenStore(ReadModels.NAME);
    }

    private TransactionManager transactionManager() {
        return processing.transactionManager(ReadModels.NAME);
    }

    /** The furthest position any segment of a stopped processor has stored; null if it has none. */
    private TrackingToken storedToken(String processorName) {
        TokenStore tokens = tokenStore();
        return transactionManager().fetchInTransaction(() -> {
            TrackingToken furthest = null;
            for (int segment : tokens.fetchSegments(processorName)) {
                TrackingToken token = WrappedToken.unwrapUpperBound(tokens.fetchToken(processorName, segment));
                tokens.releaseClaim(processorName, segment);
                if (token != null) {
                    furthest = furthest == null ? token : furthest.upperBound(token);
                }
            }
            return furthest;
        });
    }

    private void deleteToken(String processorName) {
        TokenStore tokens = tokenStore();
        transactionManager().executeInTransaction(() -> {
            for (int segment : tokens.fetchSegments(processorName)) {
                tokens.fetchToken(processorName, segment);
                tokens.deleteToken(processorName, segment);
            }
        });
    }

    /** Where a running processor's segments are, as one token (its lowest point); null before it claimed any. */
    private static TrackingToken currentToken(TrackingEventProcessor processor) {
        TrackingToken lowest = null;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            TrackingToken token = offsets(status.getTrackingToken());
            lowest = lowest == null ? token : lowest.lowerBound(token);
        }
        return lowest;
    }

    /** Kafka records a processor has read, summed over the partitions; -1 before it has claimed its segment. */
    private static long position(TrackingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return -1;
        }
        return offsets(currentToken(processor)).getPositions().values().stream()
                .mapToLong(offset -> offset + 1)
                .sum();
    }

    private static boolean covers(TrackingToken token, TrackingToken target) {
        return offsets(token).covers(offsets(WrappedToken.unwrapUpperBound(target)));
    }

    /** The Kafka offsets a token stands for (its lower bound when it is a replay's); none for no token. */
    private static KafkaTrackingToken offsets(TrackingToken token) {
        return KafkaTrackingToken.from(WrappedToken.unwrapLowerBound(token));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Right after Axon's processors, before the web server: a replay can be asked for as soon as requests come. */
    @Override
    public int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }

    @Override
    public synchronized void start() {
        Pointer pointer = readModels.pointer();
        dropStrayGenerations(pointer);
        deleteToken(processorName(pointer.live()));
        if (pointer.rebuilding() != null) {
            log.info("Resuming the rebuild of {} into generation {} from where it stopped", ReadModels.NAME,
                    pointer.rebuilding());
            launch(pointer.rebuilding());
        }
        worker.scheduleWithFixedDelay(this::step, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        started = true;
    }

    /** Stops the rebuild where it is; its token stays, and the next start goes on from there. */
    @Override
    public void stop() {
        started = false;
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Rebuild rebuild = running;
        if (rebuild != null) {
            rebuild.processor().shutDown();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
