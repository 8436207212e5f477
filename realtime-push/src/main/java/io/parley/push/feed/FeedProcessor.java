package io.parley.push.feed;

import io.parley.kernel.conversation.ConversationEvent;
import java.util.List;
import java.util.function.Function;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * The feed processor: one tracking processor on the Kafka event stream for the whole deployment (its token in the
 * shared token store; on several push nodes, one holds it and the others stand by). Each batch of events it takes
 * (up to {@code parley.feed.batch-size}, whatever Kafka has ready, one when idle) is fanned out in one
 * {@link FeedBatch}: opened at the batch's first event with the states of every conversation it names, written after
 * its last, then published, and confirmed by Kafka before the token moves past it.
 */
@Configuration(proxyBeanMethods = false)
class FeedProcessor {

    @Autowired
    void register(
            EventProcessingConfigurer processing,
            @Qualifier("streamableKafkaMessageSource") StreamableMessageSource<TrackedEventMessage<?>> stream,
            @Value("${parley.feed.batch-size:100}") int batchSize,
            FeedProjection projection,
            LiveFeed live) {
        Function<org.axonframework.config.Configuration, StreamableMessageSource<TrackedEventMessage<?>>> source =
                axon -> stream;
        processing.registerTrackingEventProcessor(FeedProjection.PROCESSING_GROUP, source,
                        axon -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize))
                .registerHandlerInterceptor(FeedProjection.PROCESSING_GROUP,
                        axon -> inBatches(projection, live::awaitPublished));
    }

    /** The batch's scope: opened at its first event, written after its last, then {@code confirm} that Kafka has it. */
    static MessageHandlerInterceptor<EventMessage<?>> inBatches(FeedProjection projection, Runnable confirm) {
        return new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
                    throws Exception {
                BatchingUnitOfWork<?> batching = unitOfWork instanceof BatchingUnitOfWork<?> b ? b : null;
                if (batching == null || batching.isFirstMessage()) {
                    List<? extends Message<?>> events =
                            batching == null ? List.of(unitOfWork.getMessage()) : batching.getMessages();
                    unitOfWork.resources().put(FeedBatch.SCOPE, projection.open(events.stream()
                            .map(Message::getPayload)
                            .filter(ConversationEvent.class::isInstance)
                            .map(payload -> ((ConversationEvent) payload).conversationId())
                            .toList()));
                }
                Object result = chain.proceed();
                if (batching == null || batching.isLastMessage()) {
                    ((FeedBatch) unitOfWork.resources().remove(FeedBatch.SCOPE)).flush();
                    confirm.run();
                }
                return result;
            }
        };
    }
}
