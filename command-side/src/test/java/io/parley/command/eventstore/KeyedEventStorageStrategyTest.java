package io.parley.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An aggregate's events read by exact keys are all of them, in order, from any sequence number, across batches. */
class KeyedEventStorageStrategyTest {

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoEventStorageEngine store;

    @BeforeEach
    void setUp() {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        store = MongoEventStorageEngine.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(inMemoryMongo.client(), "test").build())
                .storageStrategy(new KeyedEventStorageStrategy(Duration.ofSeconds(1)))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        List<EventMessage<?>> events = new ArrayList<>();
        for (long sequence = 0; sequence < 250; sequence++) {
            events.add(event("a", sequence));
            if (sequence < 30) {
                events.add(event("b", sequence));
            }
        }
        store.appendEvents(events);
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("conversation", aggregate, sequence,
                new GenericEventMessage<>(aggregate + "#" + sequence), Instant::now);
    }

    private List<Long> sequences(String aggregate, long from) {
        return store.readEvents(aggregate, from).asStream().map(DomainEventMessage::getSequenceNumber).toList();
    }

    @Test
    void canReadAnAggregatesWholeStreamAcrossBatches() {
        assertThat(sequences("a", 0)).containsExactlyElementsOf(LongStream.range(0, 250).boxed().toList());
        assertThat(sequences("b", 0)).containsExactlyElementsOf(LongStream.range(0, 30).boxed().toList());
    }

    @Test
    void canReadFromAnySequenceNumber() {
        assertThat(sequences("a", 120)).containsExactlyElementsOf(LongStream.range(120, 250).boxed().toList());
        assertThat(sequences("a", 200)).hasSize(50);
        assertThat(sequences("a", 250)).isEmpty();
        assertThat(sequences("unknown", 0)).isEmpty();
    }
}
