package io.parley.command.eventstore;

import static org.mockito.Mockito.spy;

import io.parley.testing.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;

/** What the event store engines' tests share: a spied Mongo engine, events named "aggregate#sequence", reads. */
final class TrackingReads {

    private TrackingReads() {
    }

    static MongoEventStorageEngine spiedStore(InMemoryMongo mongo) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return spy(MongoEventStorageEngine.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongo.client(), "test").build())
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build());
    }

    static DomainEventMessage<String> event(String aggregate, long sequence, Instant at) {
        return new GenericDomainEventMessage<>("conversation", aggregate, sequence,
                new GenericEventMessage<>(aggregate + "#" + sequence), () -> at);
    }

    static List<String> payloads(Stream<? extends TrackedEventMessage<?>> events) {
        return events.map(event -> (String) event.getPayload()).toList();
    }

    static TrackingToken last(Stream<? extends TrackedEventMessage<?>> events) {
        return events.reduce((first, second) -> second).orElseThrow().trackingToken();
    }
}
