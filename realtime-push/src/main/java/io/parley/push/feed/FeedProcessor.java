package io.parley.push.feed;

import java.util.function.Function;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.InterceptorChain;
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
 * shared token store; on several push nodes, one holds it and the others stand by). Its batches end with every live
 * event confirmed by Kafka, before the token moves past them.
 */
@Configuration(proxyBeanMethods = false)
class FeedProcessor {

    @Autowired
    void register(
            EventProcessingConfigurer processing,
            @Qualifier("streamableKafkaMessageSource") StreamableMessageSource<TrackedEventMessage<?>> stream,
            @Value("${parley.feed.batch-size:50}") int batchSize,
            LiveFeed live) {
        Function<org.axonframework.config.Configuration, StreamableMessageSource<TrackedEventMessage<?>>> source =
                axon -> stream;
        processing.registerTrackingEventProcessor(FeedProjection.PROCESSING_GROUP, source,
                        axon -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize))
                .registerHandlerInterceptor(FeedProjection.PROCESSING_GROUP, axon -> confirmAtEndOfBatch(live));
    }

    private static MessageHandlerInterceptor<EventMessage<?>> confirmAtEndOfBatch(LiveFeed live) {
        return new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
                    throws Exception {
                Object result = chain.proceed();
                if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                    live.awaitPublished();
                }
                return result;
            }
        };
    }
}
