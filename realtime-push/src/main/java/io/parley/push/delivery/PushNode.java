package io.parley.push.delivery;

import java.util.function.Function;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This push node ({@code parley.realtime.node-id}, {@code local} by default; each node of a deployment its own,
 * stable across restarts). Every push node must see every event to reach its own connections, so each has its own
 * processor ({@code push-<node>}, with its own token, reading the whole Kafka topic) and its own view of the
 * conversations ({@code push_conversations_<node>}); nodes sharing one would split the stream between them.
 */
@Component
public class PushNode {

    private final String id;

    PushNode(@Value("${parley.realtime.node-id:local}") String id) {
        this.id = id;
    }

    String processorName() {
        return PushProjection.PROCESSING_GROUP + "-" + id;
    }

    String stateCollection() {
        return "push_conversations_" + id;
    }

    @Autowired
    void registerProcessor(
            EventProcessingConfigurer processing,
            @Qualifier("streamableKafkaMessageSource") StreamableMessageSource<TrackedEventMessage<?>> stream) {
        Function<org.axonframework.config.Configuration, StreamableMessageSource<TrackedEventMessage<?>>> source =
                axon -> stream;
        processing.assignProcessingGroup(PushProjection.PROCESSING_GROUP, processorName())
                .registerTrackingEventProcessor(processorName(), source,
                        axon -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(50));
    }
}
